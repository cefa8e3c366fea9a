"""The catalogues' upkeep (Babel): extract the marked text, update each language's .po,
compile the .mo files, and say what a catalogue lacks.

`python tools/i18n.py update` runs the first three; tests/lang/test_catalogues.py fails on
anything `problems()` finds. Development only: nothing at run time imports this module.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from actionbook.lang.catalogue import DOMAIN
from actionbook.lang.languages import DEFAULT, SHIPPED

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
# The calls whose literal text is a message: N_ and NP_ mark data, the rest translate.
KEYWORDS = {
    "_": None, "N_": None, "gettext": None, "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
}
# A fixed date in every header: the files change only when their messages do.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdfr]|%[sdfr]")


def extracted() -> Catalog:
    """Every marked message of the package's source, English being the message id."""
    catalog = new_catalog(None)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, [("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def new_catalog(language: str | None) -> Catalog:
    return Catalog(locale=language, domain=DOMAIN, project="actionbook", version="",
                   copyright_holder="actionbook", charset="utf-8",
                   creation_date=STAMP, revision_date=STAMP, fuzzy=False)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translated_languages() -> tuple[str, ...]:
    return tuple(code for code in SHIPPED if code != DEFAULT)


def read_catalogue(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return new_catalog(language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, sort_output=True,
             ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update() -> list[Path]:
    """Extract, then bring every language's .po up to the new template (a changed English
    text keeps its old translation marked fuzzy, for the translator to review), then
    compile. Returns the files written."""
    template = extracted()
    LOCALE.mkdir(exist_ok=True)
    TEMPLATE.write_bytes(po_bytes(template))
    written = [TEMPLATE]
    for language in translated_languages():
        catalog = read_catalogue(language)
        catalog.update(template)
        catalog.creation_date = catalog.revision_date = STAMP
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        po_path(language).write_bytes(po_bytes(catalog))
        written.append(po_path(language))
    return written + compile_all()


def compile_all() -> list[Path]:
    written = []
    for language in translated_languages():
        target = po_path(language).with_suffix(".mo")
        target.write_bytes(mo_bytes(read_catalogue(language)))
        written.append(target)
    return written


def problems() -> list[str]:
    """What stops a shipped language from being complete, one line each: a message missing,
    untranslated or fuzzy, a placeholder that differs from the English, a stale .mo."""
    template = extracted()
    found = []
    for language in translated_languages():
        catalog = read_catalogue(language)
        for message in template:
            if message.id:
                found += message_problems(language, message, catalog.get(
                    message.id, context=message.context))
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{language}: {mo.name} is stale: run python tools/i18n.py update")
    return found


def message_problems(language: str, english: Message, message: Message | None) -> list[str]:
    name = f"{language}: {english.id!r}" + (f" ({english.context})" if english.context else "")
    if message is None:
        return [f"{name}: missing: run python tools/i18n.py update, then translate it"]
    if message.fuzzy:
        return [f"{name}: fuzzy: review the translation and remove the fuzzy flag"]
    texts = [str(text or "") for text in as_tuple(message.string)]
    if not all(texts):
        return [f"{name}: not translated"]
    wanted = placeholders(str(as_tuple(english.id)[-1]))
    return [f"{name}: placeholders {placeholders(text)} differ from {wanted}"
            for text in texts if placeholders(text) != wanted]


def as_tuple(text: object) -> tuple:
    """A message's id or text: a tuple of forms when it has plurals."""
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))
