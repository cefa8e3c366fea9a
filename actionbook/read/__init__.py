"""A filled workbook -> typed DataFrames with provenance, and the findings of reading it.

In: bytes the safety stage judged, a Plan. Out: a Workbook (actions, cover, findings).
"""
