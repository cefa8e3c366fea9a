"""The rules of the check, the verdict, feedback copies and the text/JSON/CSV output.

In: Workbooks as read. Out: a Report per workbook (findings, status, completeness) and feedback
copies.
"""
