"""A filled workbook -> typed DataFrames with provenance, and the findings of reading it.

In: bytes the safety stage judged, a Plan. Out: a Workbook (actions, cover, findings).

    reader.py      read_workbook: finds the table and the cover, reads the rows (calamine)
    columns.py     the header row and which column holds which field
    rows.py        the action rows, column by column, into one DataFrame
    cells.py       one cell's text -> its value for the plan (dates.py, values.py parse)
    cover.py       the cover fields
    xlsx_extras.py what calamine cannot give: formulas, merged cells, properties
    outputs.py     actionbook's own outputs, recognised and refused as submissions

Speed only, beside the plain path its tests compare it with:
    memory_fast.py a ReadMemory a run owns and passes in (plain: NoMemory, nothing kept)
"""
