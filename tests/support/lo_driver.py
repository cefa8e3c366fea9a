"""Drive a running LibreOffice over UNO, one JSON request per line.

Runs under Debian's /usr/bin/python3, the only interpreter where `uno` imports (it is not
importable from a venv or pyenv Python); tests/support/libreoffice.py starts it as a subprocess:

    /usr/bin/python3 tests/support/lo_driver.py PORT

It connects to `soffice --accept=socket,host=127.0.0.1,port=PORT;urp;`, prints
{"ready": true}, then answers each request line on stdin with one reply line on stdout:
{"ok": true, "result": ...} or {"ok": false, "error": "...", "bridge_lost": bool}.
"""

import contextlib
import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

CONNECT_SECONDS = 30
# com.sun.star.sheet.FormulaResult: the type of a formula cell's computed result.
FORMULA_RESULT_STRING = 2
FORMULA_RESULT_ERROR = 4


def properties(**values):
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def connect(port):
    """The remote component context of the soffice listening on `port`, once it answers."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


class Office:
    def __init__(self, context):
        services = context.ServiceManager
        self.desktop = services.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        self.dispatcher = services.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", context
        )


def file_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Document:
    """A document loaded hidden, and closed even when a step fails."""

    def __init__(self, office, path):
        self.doc = office.desktop.loadComponentFromURL(
            file_url(path), "_blank", 0, properties(Hidden=True)
        )
        if self.doc is None:
            raise ValueError(f"LibreOffice could not open {path}")

    def __enter__(self):
        return self.doc

    def __exit__(self, *exc):
        # soffice 7.4 may die closing a document it typed into with .uno:EnterString, after
        # the step's work was done and saved: the next call starts a fresh one.
        with contextlib.suppress(DisposedException):
            self.doc.close(True)


def sheet_named(doc, name):
    if not doc.Sheets.hasByName(name):
        raise KeyError(f"no sheet {name!r}; sheets are {list(doc.Sheets.ElementNames)}")
    return doc.Sheets.getByName(name)


def type_into(office, doc, sheet, cell, text):
    # setFormula parses the text as Calc's input line does (dates, numbers, text, formulas),
    # but always with en-US conventions: 31/03/2027 stays text, 03/04/2027 is 4 March.
    sheet_named(doc, sheet).getCellRangeByName(cell).setFormula(text)


def enter(office, doc, sheet, cell, text):
    # Calc's own Enter on the selected cell reads the text in the profile's locale.
    controller = doc.CurrentController
    controller.select(sheet_named(doc, sheet).getCellRangeByName(cell))
    office.dispatcher.executeDispatch(
        controller.Frame, ".uno:EnterString", "", 0, properties(StringName=text)
    )


def insert_columns(office, doc, sheet, index, count):
    sheet_named(doc, sheet).Columns.insertByIndex(index, count)


def delete_columns(office, doc, sheet, index, count):
    sheet_named(doc, sheet).Columns.removeByIndex(index, count)


def insert_rows(office, doc, sheet, index, count):
    sheet_named(doc, sheet).Rows.insertByIndex(index, count)


def delete_rows(office, doc, sheet, index, count):
    sheet_named(doc, sheet).Rows.removeByIndex(index, count)


def rename_sheet(office, doc, old, new):
    sheet_named(doc, old).setName(new)


STEPS = {
    "type": type_into,
    "enter": enter,
    "insert_columns": insert_columns,
    "delete_columns": delete_columns,
    "insert_rows": insert_rows,
    "delete_rows": delete_rows,
    "rename_sheet": rename_sheet,
}


def apply(office, src, out, filter_name, steps):
    with Document(office, src) as doc:
        for name, *args in steps:
            STEPS[name](office, doc, *args)
        doc.calculateAll()
        doc.storeToURL(file_url(out), properties(FilterName=filter_name, Overwrite=True))
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


def read_values(office, path, sheet, cells):
    with Document(office, path) as doc:
        doc.calculateAll()
        target = sheet_named(doc, sheet)
        return {cell: cell_value(target.getCellRangeByName(cell)) for cell in cells}


def referred_cells(doc, cell, formula):
    """The cells a validation formula points at: a defined name, or a reference."""
    names = doc.NamedRanges
    if names.hasByName(formula):
        return names.getByName(formula).getReferredCells()
    probe = "ActionbookProbe"
    names.addNewByName(probe, formula, cell.CellAddress, 0)
    try:
        return names.getByName(probe).getReferredCells()
    finally:
        names.removeByName(probe)


def list_items(doc, cell, formula):
    """What a list validation's dropdown offers, as LibreOffice resolves its source."""
    referred = referred_cells(doc, cell, formula)
    if referred is None:  # an inline list: "a";"b";"c"
        return [item.strip().strip('"') for item in formula.split(";")]
    return [row[0] for row in referred.DataArray if row and row[0] != ""]


def validation_info(office, path, sheet, cell):
    with Document(office, path) as doc:
        target = sheet_named(doc, sheet).getCellRangeByName(cell)
        rule = target.Validation
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
            info["items"] = list_items(doc, target, info["formula1"])
        return info


OPERATIONS = {"apply": apply, "read_values": read_values, "validation_info": validation_info}


def answer(office, request):
    operation = OPERATIONS[request.pop("op")]
    return operation(office, **request)


def shut_down(office):
    # soffice drops the bridge as it exits: that is the success case.
    with contextlib.suppress(Exception):
        office.desktop.terminate()


def serve(office, requests, replies):
    for line in requests:
        request = json.loads(line)
        if request.get("op") == "quit":
            shut_down(office)
            break
        try:
            reply = {"ok": True, "result": answer(office, request)}
        except Exception as error:  # noqa: BLE001 - every failure goes back to the test as data
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
    office = Office(connect(port))
    replies.write(json.dumps({"ready": True}) + "\n")
    serve(office, sys.stdin, replies)


if __name__ == "__main__":
    main(int(sys.argv[1]))
