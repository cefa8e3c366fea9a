"""A folder of submissions -> one Consolidation of DataFrames -> the consolidated workbook.

In: a folder (listed by safety/discovery.py), a Plan. Out: isolated intake, attribution, summaries,
registers and the workbook a coordinator briefs from.
"""
