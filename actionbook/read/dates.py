"""Dates as officials type them, read as datetime.date: real dates, date-times, Excel serial
numbers, and text in the forms people write (31/03/2027, 31 March 2027, March 2027, Q3 2027).

Pure functions, no I/O, returning values.Parsed like the other parsers: the date, what was
repaired to reach it, or why no date can be read. Only a guess is a repair: a day/month
order, a two-digit year, a month or quarter read as its last day (its first, for a start
date), a serial number. A year-first date (2027-03-31) is read as typed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import numbers
import re
import unicodedata
from typing import Any, cast

from actionbook.read.values import PLAIN_NUMBER, Parsed, ascii_digits, failed, repaired, squeeze
from actionbook.schema.rules import is_blank

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0, counting Excel's phantom 29 February 1900
LAST_SERIAL = 2958465  # 9999-12-31
YEARS_NOT_SERIALS = range(1900, 2201)  # a plain 2027 in a date cell is a year, not 1905-07-19

# The month names of every shipped language, as CLDR gives them (wide and abbreviated:
# tests/read/test_dates.py compares with Babel's), and Arabic's three usages: the Egyptian
# and Gulf names CLDR gives, the Levantine and Iraqi ones, and the Maghreb's.
MONTH_NAMES = (
    ("january", "jan", "janvier", "janv", "enero", "ene", "يناير", "كانون الثاني", "جانفي"),
    ("february", "feb", "février", "févr", "fevr", "febrero", "فبراير", "شباط", "فيفري"),
    ("march", "mar", "mars", "marzo", "مارس", "آذار"),
    ("april", "apr", "avril", "avr", "abril", "abr", "أبريل", "إبريل", "نيسان", "أفريل"),
    ("may", "mai", "mayo", "مايو", "أيار", "ماي"),
    ("june", "jun", "juin", "junio", "يونيو", "حزيران", "جوان"),
    ("july", "jul", "juillet", "juil", "julio", "يوليو", "تموز", "جويلية"),
    ("august", "aug", "août", "agosto", "ago", "أغسطس", "آب", "أوت"),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "سبتمبر", "أيلول"),
    ("october", "oct", "octobre", "octubre", "أكتوبر", "تشرين الأول"),
    ("november", "nov", "novembre", "noviembre", "نوفمبر", "تشرين الثاني"),
    ("december", "dec", "décembre", "déc", "diciembre", "dic", "ديسمبر", "كانون الأول"),
)
WEEKDAY_NAMES = (  # wide only: French and Spanish abbreviate Tuesday "mar", as March
    "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu",
    "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
)


def plain_word(text: str) -> str:
    """A word lower case without accents or hamza: février, fevrier and FEVRIER match, and
    so do أبريل and ابريل. A name of two words is one (تشرين الأول)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())


MONTHS = {plain_word(name): number
          for number, names in enumerate(MONTH_NAMES, 1) for name in names}
TWO_WORD_MONTHS = re.compile("|".join(  # joined before the text is cut into words
    re.escape(plain_word(n.split()[0])) + r"\s+" + re.escape(plain_word(n.split()[1]))
    for names in MONTH_NAMES for n in names if " " in n))
WEEKDAYS = {plain_word(name) for name in WEEKDAY_NAMES}
SKIPPED_WORDS = {"st", "nd", "rd", "th", "er", "de", "del", "of", "the"} | WEEKDAYS
TIME_OF_DAY = re.compile(r"[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?: ?[ap]m)?$", re.I)
YEAR_MONTH_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})")
YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
PERIOD_YEAR = re.compile(r"(q[1-4]|h[12])[ /-]?(\d{4})")
YEAR_PERIOD = re.compile(r"(\d{4})[ /-]?(q[1-4]|h[12])")


def parse_date(value: Any, *, day_first: bool, starts: bool = False) -> Parsed:
    """A datetime.date. `day_first` says how 03/04/2027 reads; a text that is impossible
    that way (31/03/2027 month-first) is an error, never silently swapped. A month, quarter or
    half-year alone reads as its last day, or as its first when the date `starts` something
    ("Q3 2026" as a start date is 1 July, as a due date 30 September)."""
    if is_blank(value):
        return Parsed()
    if isinstance(value, bool):
        return failed("a TRUE/FALSE value")
    if isinstance(value, dt.datetime):
        return repaired(value.date(), value.time() != dt.time() and "the time of day was dropped")
    if isinstance(value, dt.date):
        return Parsed(value)
    if isinstance(value, numbers.Real):
        return date_from_serial(cast(float, value))  # a Real compares as a float does
    if isinstance(value, str):
        return parse_date_text(squeeze(value), day_first, starts)
    return failed("not a date")


def date_from_serial(serial: float, repair: str = "a date serial number") -> Parsed:
    """Excel's day count (1900 system) as a date: what a date typed in a General cell becomes."""
    if not 1 <= serial <= LAST_SERIAL:  # NaN fails this too
        return failed("a number outside the range of dates")
    if float(serial).is_integer() and int(serial) in YEARS_NOT_SERIALS:
        return failed("a year alone; give the day too")
    day = EXCEL_EPOCH + dt.timedelta(days=int(serial))
    if serial < 61:
        day += dt.timedelta(days=1)  # before Excel's phantom 29 February 1900
    return repaired(day, repair, not float(serial).is_integer() and "the time of day was dropped")


def parse_date_text(text: str, day_first: bool, starts: bool = False) -> Parsed:
    text, time_dropped = without_time(ascii_digits(text))
    if PLAIN_NUMBER.fullmatch(text):
        return date_from_serial(float(text), "a date serial number typed as text")
    for reader in (numeric_date, named_month_date):
        parsed = reader(text, day_first)
        if parsed is not None:
            return repaired(parsed.value, parsed.repair, time_dropped) if parsed.ok else parsed
    for period_reader in (month_only, period_only):
        parsed = period_reader(text, starts)
        if parsed is not None:
            return repaired(parsed.value, parsed.repair, time_dropped) if parsed.ok else parsed
    return failed("not a form of date we recognise")


def without_time(text: str) -> tuple[str, str | None]:
    time = TIME_OF_DAY.search(text)
    if time is None or not re.search(r"\d", text[: time.start()]):
        return text, None
    midnight = all(int(part or 0) == 0 for part in time.groups())
    return text[: time.start()].strip(), None if midnight else "the time of day was dropped"


def numeric_date(text: str, day_first: bool) -> Parsed | None:
    if match := YEAR_MONTH_DAY.fullmatch(text):  # year first, as ISO: nothing to guess
        year, month, day = match.groups()
        return dated(year, int(month), int(day), None)
    if match := DAY_MONTH_YEAR.fullmatch(text):
        first, second, year = match.groups()
        day, month = (first, second) if day_first else (second, first)
        order = "day/month/year" if day_first else "month/day/year"
        return dated(year, int(month), int(day), f"typed as text, read as {order}",
                     f" when read as {order}")
    return None


def named_month_date(text: str, day_first: bool) -> Parsed | None:
    words = [w for w in date_words(text) if w not in SKIPPED_WORDS]
    shape = "".join("m" if w in MONTHS else str(len(w)) if w.isdigit() else "?" for w in words)
    if shape in ("1m4", "2m4", "1m2", "2m2"):  # 31 March 2027, 1er mars 27
        day, month, year = words
    elif shape in ("m14", "m24", "m12", "m22"):  # March 31, 2027
        month, day, year = words
    else:
        return None
    return dated(year, MONTHS[month], int(day), "typed as text")


def month_only(text: str, starts: bool) -> Parsed | None:
    words = [w for w in date_words(text) if w not in SKIPPED_WORDS]  # marzo de 2028
    if len(words) == 2 and words[0] in MONTHS and len(words[1]) == 4 and words[1].isdigit():
        year, month = int(words[1]), MONTHS[words[0]]  # March 2027, Mar-2027
    elif match := YEAR_MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
    elif match := MONTH_YEAR.fullmatch(text):
        year, month = int(match[2]), int(match[1])
    else:
        return None
    if not 1 <= month <= 12:
        return failed(f"there is no month {month}")
    return period_end(year, month, month, "a month only", starts)


def period_only(text: str, starts: bool) -> Parsed | None:
    lowered = text.lower()
    if match := PERIOD_YEAR.fullmatch(lowered):
        period, year = match.groups()
    elif match := YEAR_PERIOD.fullmatch(lowered):
        year, period = match.groups()
    else:
        return None
    months = 3 if period[0] == "q" else 6
    last_month = int(period[1]) * months
    what = "a quarter only" if months == 3 else "a half-year only"
    return period_end(int(year), last_month - months + 1, last_month, what, starts)


def date_words(text: str) -> list[str]:
    """Numbers and words, each a plain_word: février, fevrier and FEVRIER match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = TWO_WORD_MONTHS.sub(lambda m: "".join(m[0].split()), plain)
    return re.findall(r"\d+|[^\W\d_]+", plain)


def dated(year: str, month: int, day: int, repair: str | None, reading: str = "") -> Parsed:
    """The date, or why it cannot exist; a two-digit year is read in this century, and said."""
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    year_note = f"two-digit year read as {full_year}" if len(year) == 2 else None
    if not 1 <= month <= 12:
        return failed(f"there is no month {month}{reading}")
    if full_year < 1:
        return failed("there is no year 0")
    if not 1 <= day <= calendar.monthrange(full_year, month)[1]:
        month_name = MONTH_NAMES[month - 1][0].capitalize()
        return failed(f"{month_name} {full_year} has no day {day}{reading}")
    return repaired(dt.date(full_year, month, day), repair, year_note)


def period_end(year: int, first_month: int, last_month: int, what: str, starts: bool) -> Parsed:
    """The first day of a period typed alone when the date starts something, else its last."""
    if year < 1:
        return failed("there is no year 0")
    if starts:
        return repaired(dt.date(year, first_month, 1), f"{what}, read as its first day")
    last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return repaired(last, f"{what}, read as its last day")
