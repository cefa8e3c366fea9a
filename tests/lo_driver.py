"""Drive a running LibreOffice over UNO, one JSON request per line.

Runs under Debian's /usr/bin/python3, the only interpreter where `uno` imports (it is not
importable from a venv or pyenv Python); tests/libreoffice.py starts it as a subprocess:

    /usr/bin/python3 tests/lo_driver.py PORT

It connects to `soffice --accept=socket,host=127.0.0.1,port=PORT;urp;`, prints
{"ready": true}, then answers each request line on stdin with one reply line on stdout:
{"ok": true, "result": ...} or {"ok": false, "error": "...", "bridge_lost": bool}.
"""

import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

CONNECT_SECONDS = 30
FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8"}
# com.sun.star.sheet.FormulaResult: the type of a formula cell's computed result.
FORMULA_RESULT_STRING = 2
FORMULA_RESULT_ERROR = 4


def properties(**values):
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def connect(port):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(url)
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def file_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Document:
    """A document loaded hidden, recalculated, and always closed."""

    def __init__(self, desktop, path):
        self.path = path
        self.doc = desktop.loadComponentFromURL(file_url(path), "_blank", 0, properties(Hidden=True))
        if self.doc is None:
            raise ValueError(f"LibreOffice could not open {path}")

    def __enter__(self):
        return self.doc

    def __exit__(self, *exc):
        self.doc.close(True)


def sheet_named(doc, name):
    if not doc.Sheets.hasByName(name):
        raise KeyError(f"no sheet {name!r}; sheets are {list(doc.Sheets.ElementNames)}")
    return doc.Sheets.getByName(name)


def type_into(doc, sheet, cell, text):
    # setFormula parses the text as Calc's input line does: dates, numbers, text, formulas.
    sheet_named(doc, sheet).getCellRangeByName(cell).setFormula(text)


def insert_columns(doc, sheet, index, count):
    sheet_named(doc, sheet).Columns.insertByIndex(index, count)


def delete_columns(doc, sheet, index, count):
    sheet_named(doc, sheet).Columns.removeByIndex(index, count)


def insert_rows(doc, sheet, index, count):
    sheet_named(doc, sheet).Rows.insertByIndex(index, count)


def delete_rows(doc, sheet, index, count):
    sheet_named(doc, sheet).Rows.removeByIndex(index, count)


def rename_sheet(doc, old, new):
    sheet_named(doc, old).setName(new)


STEPS = {
    "type": type_into,
    "insert_columns": insert_columns,
    "delete_columns": delete_columns,
    "insert_rows": insert_rows,
    "delete_rows": delete_rows,
    "rename_sheet": rename_sheet,
}


def apply(desktop, src, out, fmt, steps):
    with Document(desktop, src) as doc:
        for name, *args in steps:
            STEPS[name](doc, *args)
        doc.calculateAll()
        doc.storeToURL(file_url(out), properties(FilterName=FILTERS[fmt], Overwrite=True))
    return out


def cell_value(cell):
    kind = cell.Type.value
    if kind == "EMPTY":
        return None
    if kind == "TEXT":
        return cell.String
    if kind == "FORMULA" and cell.FormulaResultType2 in (
        FORMULA_RESULT_STRING,
        FORMULA_RESULT_ERROR,
    ):
        return cell.String
    return cell.Value


def read_values(desktop, path, sheet, cells):
    with Document(desktop, path) as doc:
        doc.calculateAll()
        target = sheet_named(doc, sheet)
        return {cell: cell_value(target.getCellRangeByName(cell)) for cell in cells}


def list_items(doc, cell, formula):
    """What a list validation's dropdown offers, as LibreOffice resolves its source."""
    names = doc.NamedRanges
    probe = "ActionbookProbe"
    names.addNewByName(probe, formula, cell.CellAddress, 0)
    try:
        referred = names.getByName(probe).getReferredCells()
    finally:
        names.removeByName(probe)
    if referred is None:  # an inline list: "a";"b";"c"
        return [item.strip().strip('"') for item in formula.split(";")]
    return [row[0] for row in referred.DataArray if row and row[0] != ""]


def validation_info(desktop, path, sheet, cell_name):
    with Document(desktop, path) as doc:
        cell = sheet_named(doc, sheet).getCellRangeByName(cell_name)
        rule = cell.Validation
        info = {
            "type": rule.Type.value,
            "operator": rule.getOperator().value,
            "formula1": rule.getFormula1(),
            "formula2": rule.getFormula2(),
            "show_list": rule.ShowList,
            "ignore_blank": rule.IgnoreBlankCells,
            "show_error": rule.ShowErrorMessage,
            "error_style": rule.ErrorAlertStyle.value,
            "error_title": rule.ErrorTitle,
            "error_message": rule.ErrorMessage,
            "show_input": rule.ShowInputMessage,
            "input_title": rule.InputTitle,
            "input_message": rule.InputMessage,
        }
        if info["type"] == "LIST":
            info["items"] = list_items(doc, cell, info["formula1"])
        return info


def answer(desktop, request):
    op = request.pop("op")
    if op == "apply":
        return apply(desktop, **request)
    if op == "read_values":
        return read_values(desktop, **request)
    if op == "validation_info":
        return validation_info(desktop, **request)
    raise ValueError(f"unknown operation {op!r}")


def shut_down(desktop):
    try:
        desktop.terminate()
    except Exception:  # soffice drops the bridge as it exits: that is the success case
        pass


def serve(desktop, requests, replies):
    for line in requests:
        request = json.loads(line)
        if request.get("op") == "quit":
            shut_down(desktop)
            break
        try:
            reply = {"ok": True, "result": answer(desktop, request)}
        except Exception as error:  # every failure goes back to the test as data
            lost = isinstance(error, DisposedException) or "bridge" in str(error).lower()
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}", "bridge_lost": lost}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def main(port):
    # The protocol owns the real stdout; anything else printed (by LibreOffice's libraries too)
    # lands on stderr so it cannot corrupt a reply line.
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    desktop = connect(port)
    replies.write(json.dumps({"ready": True}) + "\n")
    serve(desktop, sys.stdin, replies)


if __name__ == "__main__":
    main(int(sys.argv[1]))
