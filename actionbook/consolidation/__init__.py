"""A folder of submissions -> one Consolidation of DataFrames -> the consolidated workbook.

In: a folder, a Plan. Out: discovery, isolated intake, attribution, summaries, registers and the workbook a coordinator briefs from.
"""
