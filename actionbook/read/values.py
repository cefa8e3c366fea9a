"""What officials type, read as canonical values: numbers, choices and text (dates.py: dates).

Pure functions, no I/O. Each parser returns a `Parsed`: the canonical value, what was repaired
to reach it, or why no value can be read. The reader turns repairs into `value-repaired`
findings and errors into `invalid-*` findings, so nothing is ever guessed silently. A blank
cell parses to an empty `Parsed` (no value, no error): whether it may be blank is a check.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, SupportsFloat

from actionbook.schema.rules import is_blank

# Spaces Excel and Word users paste without seeing them: no-break, narrow no-break, figure,
# thin; and invisible marks left at the ends of pasted text.
ODD_SPACES = "\u00a0\u202f\u2007\u2009"
PLAIN_SPACES = str.maketrans(ODD_SPACES, " " * len(ODD_SPACES))
INVISIBLE_ENDS = "\u200b\ufeff"


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    repair: str | None = None  # why the value differs from what was typed; None if as typed
    error: str | None = None  # why nothing could be read; None when a value (or blank) was

    @property
    def ok(self) -> bool:
        return self.error is None


def repaired(value: Any, *repairs: str | bool | None) -> Parsed:
    """`value`, with the repairs that apply (falsy ones are skipped) joined in one note."""
    return Parsed(value, "; ".join(r for r in repairs if isinstance(r, str) and r) or None)


def failed(why: str) -> Parsed:
    return Parsed(error=why)


# Arabic-Indic and Eastern Arabic-Indic digits, and the Arabic decimal and thousands marks,
# as an Arabic keyboard types them: read as the digits and marks they are.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹\u066b\u066c", "01234567890123456789.,")


def ascii_digits(text: str) -> str:
    return text if text.isascii() else text.translate(ARABIC_DIGITS)


def squeeze(text: str) -> str:
    """Text with odd spaces made plain and runs of whitespace collapsed: for parsing only."""
    return " ".join(text.translate(PLAIN_SPACES).split())


# --- text -------------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """A cell's text as typed, trimmed; None when blank. Inner spacing and line breaks stay."""
    if value.__class__ is str and value.isascii():
        return value.strip() or None  # the odd spaces and invisible marks are none of ASCII
    if is_blank(value):
        return None
    return text_of(value).translate(PLAIN_SPACES).strip().strip(INVISIBLE_ENDS).strip() or None


def text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows it
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # calamine reads a typed 2027 as 2027.0
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- choices ----------------------------------------------------------------------------


def parse_choice(value: Any, choices: Sequence[str]) -> Parsed:
    """One of `choices` in its canonical spelling; other case, spacing or end punctuation
    is repaired, anything else is an error naming the allowed values."""
    text = clean_text(value)
    if text is None:
        return Parsed()
    if text in choices:
        return Parsed(text)
    spelled = {choice_key(choice): choice for choice in choices}
    if choice_key(text) in spelled:
        return repaired(spelled[choice_key(text)], "case or spacing differs from the list")
    return failed("allowed values are: " + ", ".join(choices))


def choice_key(text: str) -> str:
    return squeeze(text.replace("_", " ").replace("-", " ")).rstrip(".,;:!").strip().casefold()


# --- numbers ----------------------------------------------------------------------------

MULTIPLIERS = {
    "k": 10**3, "thousand": 10**3,
    "m": 10**6, "mn": 10**6, "mio": 10**6, "million": 10**6, "millions": 10**6,
    "bn": 10**9, "billion": 10**9, "billions": 10**9,
}
CURRENCY_CODE = re.compile(r"^([A-Z]{3}) ?(?=[\d(+\-−])|(?<=[\d)]) ?([A-Z]{3})$")
MULTIPLIER = re.compile(r"(?<=\d) ?([a-z]+)\.?$", re.IGNORECASE)
PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")
# 1 200 000 or 1'200'000: a space or apostrophe between groups of three digits.
GROUP_GAP = re.compile(r"(?<=\d)[ '’](?=\d{3}(\D|$))")


def parse_number(value: Any, decimal: str | None = None) -> Parsed:
    """An int or float. Text loses thousands separators, currency and k/m/bn suffixes, each
    reported; percentages, dates and words are errors. `decimal`, the decimal mark of the
    workbook's language, settles a lone mark before three digits: 1,200 is 1.2 in French,
    1200 in English (unknown: thousands)."""
    if is_blank(value):
        return Parsed()
    if isinstance(value, bool):
        return failed("a TRUE/FALSE value")
    if isinstance(value, (dt.date, dt.time)):
        return failed("a date or time")
    if isinstance(value, numbers.Integral):
        return Parsed(int(value)) if fits(int(value)) else failed(TOO_LARGE)
    if isinstance(value, numbers.Real):
        return Parsed(float(value)) if math.isfinite(value) else failed(TOO_LARGE)
    return parse_number_text(squeeze(ascii_digits(str(value))), decimal)


# Past the largest float (about 1.8e308), or infinite: no table, sum or workbook holds it.
TOO_LARGE = "the number is too large to be a cost"


def fits(number: SupportsFloat) -> bool:
    """Whether `number` is finite as a float, the type every table and workbook stores."""
    try:
        return math.isfinite(float(number))
    except OverflowError:  # an int of more than 308 digits
        return False


def parse_number_text(text: str, decimal: str | None = None) -> Parsed:
    if text.endswith("%"):
        return failed("a percentage, not an amount")
    text, currency = without_currency(text)
    text, factor, factor_note = without_multiplier(text)
    text, more_currency = without_currency(text)
    text, brackets = without_brackets(text)
    digits, separators = plain_digits(text, decimal)
    if digits is None:
        return failed(why_not_a_number(text))
    number = to_number(digits, factor)
    if not fits(number):
        return failed(TOO_LARGE)
    return repaired(-number if brackets else number, "typed as text",
                    separators, currency or more_currency, brackets, factor_note)


CODE_WORD = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")


def typed_currency(value: Any) -> str | None:
    """The currency mark typed with an amount: an ISO-like code ("USD 100", "2.5m EUR") or
    its signs ("$3k", "€2.5m"); None for a number cell or text without one."""
    if not isinstance(value, str) or value.isdigit():
        return None
    text = squeeze(value)
    if code := CODE_WORD.search(text):
        return code[0]
    signs = "".join(dict.fromkeys(c for c in text if unicodedata.category(c) == "Sc"))
    return signs or None


def without_currency(text: str) -> tuple[str, str | None]:
    if code := CURRENCY_CODE.search(text):
        rest = (text[: code.start()] + text[code.end():]).strip()
        return rest, f"currency {code[1] or code[2]} dropped"
    symbols = "".join(c for c in text if unicodedata.category(c) == "Sc")
    if symbols:
        rest = "".join(c for c in text if c not in symbols).strip()
        return rest, f"currency {symbols} dropped"
    return text, None


def without_multiplier(text: str) -> tuple[str, int, str | None]:
    suffix = MULTIPLIER.search(text)
    if suffix is None or suffix[1].lower() not in MULTIPLIERS:
        return text, 1, None
    factor = MULTIPLIERS[suffix[1].lower()]
    return text[: suffix.start()].strip(), factor, f"'{suffix[1]}' read as ×{factor:,}"


def without_brackets(text: str) -> tuple[str, str | None]:
    # Accountants write a negative amount in brackets: (5,000).
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1].strip(), "brackets read as a minus sign"
    return text.replace("−", "-"), None


def plain_digits(text: str, language_mark: str | None = None) -> tuple[str | None, str | None]:
    """`text` as [-]digits[.digits], and a note if a decimal comma was read; None if no number."""
    sign = "-" if text.startswith("-") else ""
    body = GROUP_GAP.sub("", text.removeprefix("-").removeprefix("+").strip())
    if PLAIN_NUMBER.fullmatch(body) and (language_mark != "," or "." not in body or
                                         len(body.partition(".")[2]) != 3):
        return sign + body, None
    decimal = decimal_mark(body, language_mark)
    integer, _, fraction = body.partition(decimal) if decimal else (body, "", "")
    thousands = re.escape(",." if decimal is None else ",.".replace(decimal, ""))
    if not re.fullmatch(rf"\d+|\d{{1,3}}([{thousands}]\d{{3}})+", integer):
        return None, None
    if decimal and not fraction.isdigit():
        return None, None
    digits = re.sub(r"\D", "", integer) + (f".{fraction}" if decimal else "")
    return sign + digits, separator_note(body, decimal, language_mark)


def separator_note(body: str, decimal: str | None, language_mark: str | None) -> str | None:
    """The repair's note on the marks; a lone mark before three digits read otherwise than
    English reads it says that the workbook's language decided."""
    marks = [mark for mark in ",." if mark in body]
    lone = len(marks) == 1 and body.count(marks[0]) == 1
    if language_mark == "," and lone and len(body.rpartition(marks[0])[2]) == 3:
        what = "decimal mark" if decimal else "thousands separator"
        return f"'{marks[0]}' before three digits read as the {what}, as the workbook's " \
               f"language writes numbers (decimal mark '{language_mark}')"
    return "decimal comma read as a point" if decimal == "," else None


def decimal_mark(body: str, language_mark: str | None = None) -> str | None:
    """Which of . and , is the decimal mark in a number that has separators."""
    if "," in body and "." in body:
        return max(",.", key=body.rfind)  # the last mark is the decimal: 1.200,50 / 1,200.50
    mark = "," if "," in body else "."
    parts = body.split(mark)
    if len(parts) == 2 and (len(parts[1]) != 3 or mark == language_mark):
        return mark  # 1,5 or 1.25: one mark not followed by a group of three; 1,200 in French
    return None  # 1,200 or 1.200.000: thousands


def to_number(digits: str, factor: int) -> int | float:
    if "." not in digits:
        return int(digits) * factor
    number = round(float(digits) * factor, 9)  # 1.2 * 10**6 is 1199999.9999999998
    return int(number) if factor > 1 and number.is_integer() else number


def why_not_a_number(text: str) -> str:
    if not re.search(r"\d", text):
        return "it has no digits"
    if re.fullmatch(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+", text) and not fits(float(text)):
        return TOO_LARGE  # 1e309 typed as text
    if re.fullmatch(r"[\d.,' ’-]+", text):
        return "its separators do not group the digits in threes"
    return "words or signs around the digits"
