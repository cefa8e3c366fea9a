"""Plan + schema -> the action-plan workbook an official fills in (xlsxwriter).

In: a Plan, a ministry code. Out: a .xlsx file with cover, instructions, goals, the table and
hidden lists.
"""
