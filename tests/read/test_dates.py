"""Dates as officials type them: each form's date, its reported repair, or its error."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionbook.read.dates import parse_date
from actionbook.read.values import Parsed

MARCH_31 = dt.date(2027, 3, 31)
BLANKS = [None, "", "   ", "\u00a0", "\n", math.nan]
# Typing-like text: digits, separators, month words, odd spaces.
typed = st.text(alphabet=st.sampled_from("0123456789 /.-,:'()$€%QqHhTMmarchkbn\u00a0\u202fé"))


def assert_repaired(parsed: Parsed, value, *fragments: str) -> None:
    assert (parsed.value, parsed.error) == (value, None)
    assert parsed.repair is not None
    for fragment in fragments:
        assert fragment in parsed.repair


def is_one_outcome(parsed: Parsed) -> bool:
    """A value, or an error, or neither (a blank); never both."""
    return isinstance(parsed, Parsed) and (parsed.value is None or parsed.error is None)


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_date_is_neither_value_nor_error(blank):
    assert parse_date(blank, day_first=True) == Parsed()


def test_date_passes_through_unrepaired():
    assert parse_date(MARCH_31, day_first=True) == Parsed(MARCH_31)


def test_midnight_datetime_is_just_a_date():
    assert parse_date(dt.datetime(2027, 3, 31), day_first=True) == Parsed(MARCH_31)


def test_datetime_with_a_time_drops_it_and_says_so():
    parsed = parse_date(dt.datetime(2027, 3, 31, 14, 30), day_first=True)
    assert_repaired(parsed, MARCH_31, "time of day")


@pytest.mark.parametrize("serial", [46477, 46477.0])
def test_serial_number_is_read_as_a_date_and_reported(serial):
    assert_repaired(parse_date(serial, day_first=True), MARCH_31, "serial number")


def test_serial_number_with_a_fraction_drops_the_time():
    assert_repaired(parse_date(46477.75, day_first=True), MARCH_31, "serial", "time of day")


@pytest.mark.parametrize("serial, expected", [(1, dt.date(1900, 1, 1)), (61, dt.date(1900, 3, 1))])
def test_serials_either_side_of_excels_phantom_leap_day(serial, expected):
    assert parse_date(serial, day_first=True).value == expected


@pytest.mark.parametrize("year", [2027, 2027.0, "2027"])
def test_a_year_alone_is_an_error_not_a_1905_date(year):
    assert "year alone" in parse_date(year, day_first=True).error


@pytest.mark.parametrize("number", [0, -5, 2958466, math.inf, 10**400])
def test_number_outside_excels_dates_is_an_error(number):
    assert parse_date(number, day_first=True).error == "a number outside the range of dates"


@pytest.mark.parametrize("value", [True, dt.time(9, 30), ["2027-03-31"]])
def test_values_of_other_types_are_not_dates(value):
    assert not parse_date(value, day_first=True).ok


@pytest.mark.parametrize(
    "text",
    [
        "31/03/2027", "31.03.2027", "31-03-2027",
        "31 March 2027", "31 MARCH 2027", "31 Mar 2027", "31-Mar-2027", "March 31, 2027",
        "Mar 31 2027", "31st March 2027", "Wednesday, 31 March 2027", "31 mars 2027",
        "31 de marzo de 2027", "  31\u00a0March\u202f2027 ", "46477",
    ],
)
def test_day_first_date_text_is_read_and_reported(text):
    assert_repaired(parse_date(text, day_first=True), MARCH_31)


@pytest.mark.parametrize("text", ["3/31/2027", "03-31-2027", "March 31, 2027"])
def test_month_first_date_text_is_read_and_reported(text):
    assert_repaired(parse_date(text, day_first=False), MARCH_31)


@pytest.mark.parametrize("text", ["2027-03-31", "2027/03/31", "2027.3.31", "2027-03-31T00:00:00",
                                  "2027-03-31 00:00", " 2027-03-31 "])
@pytest.mark.parametrize("day_first", [True, False])
def test_year_first_date_text_is_read_as_typed_since_nothing_was_guessed(text, day_first):
    assert parse_date(text, day_first=day_first) == Parsed(MARCH_31)


def test_year_first_date_text_with_a_time_of_day_says_the_time_was_dropped():
    parsed = parse_date("2027-03-31 14:30", day_first=True)
    assert (parsed.value, parsed.repair) == (MARCH_31, "the time of day was dropped")


@pytest.mark.parametrize(
    "day_first, expected", [(True, dt.date(2027, 4, 3)), (False, dt.date(2027, 3, 4))]
)
def test_ambiguous_date_follows_the_configured_order_and_says_which(day_first, expected):
    order = "day/month/year" if day_first else "month/day/year"
    assert_repaired(parse_date("03/04/2027", day_first=day_first), expected, order)


@pytest.mark.parametrize(
    "text, day_first, why",
    [
        ("31/03/2027", False, "there is no month 31 when read as month/day/year"),
        ("3/31/2027", True, "there is no month 31 when read as day/month/year"),
        ("31/02/2027", True, "February 2027 has no day 31 when read as day/month/year"),
        ("29 February 2027", True, "February 2027 has no day 29"),
        ("2027-13-01", True, "there is no month 13"),
    ],
)
def test_impossible_date_is_an_error_never_swapped(text, day_first, why):
    assert parse_date(text, day_first=day_first) == Parsed(error=why)


def test_leap_day_exists_in_a_leap_year():
    assert parse_date("29/02/2028", day_first=True).value == dt.date(2028, 2, 29)


@pytest.mark.parametrize("text", ["31/03/27", "31 Mar 27"])
def test_two_digit_year_is_read_in_this_century_and_reported(text):
    assert_repaired(parse_date(text, day_first=True), MARCH_31, "two-digit year read as 2027")


@pytest.mark.parametrize(
    "text", ["March 2027", "mar 2027", "Mar-2027", "2027-03", "03/2027", "3/2027"]
)
def test_month_only_is_read_as_its_last_day_and_reported(text):
    assert_repaired(parse_date(text, day_first=True), MARCH_31, "month only")


def test_month_only_in_february_ends_on_the_last_day_of_that_year():
    assert parse_date("Feb 2028", day_first=True).value == dt.date(2028, 2, 29)


@pytest.mark.parametrize("text", ["Q3 2027", "q3 2027", "2027 Q3", "Q3/2027", "Q3-2027", "2027-Q3"])
def test_quarter_is_read_as_its_last_day_and_reported(text):
    assert_repaired(parse_date(text, day_first=True), dt.date(2027, 9, 30), "quarter only")


@pytest.mark.parametrize(
    "text, expected", [("H1 2027", dt.date(2027, 6, 30)), ("2027 H2", dt.date(2027, 12, 31))]
)
def test_half_year_is_read_as_its_last_day_and_reported(text, expected):
    assert_repaired(parse_date(text, day_first=True), expected, "half-year only")


def test_time_typed_after_a_date_is_dropped_and_reported():
    assert_repaired(parse_date("31/03/2027 14:30", day_first=True), MARCH_31, "time of day")


@pytest.mark.parametrize("text", ["next year", "TBD", "31 Foo 2027", "Q5 2027", "31/03", "March"])
def test_text_that_is_no_date_is_an_error(text):
    assert parse_date(text, day_first=True).error == "not a form of date we recognise"


# --- round trips ------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(days, st.booleans())
def test_any_iso_date_parses_back_to_itself(day, day_first):
    assert parse_date(day.isoformat(), day_first=day_first).value == day


@given(days)
def test_any_day_first_date_parses_back_to_itself(day):
    text = f"{day.day:02}/{day.month:02}/{day.year}"
    assert parse_date(text, day_first=True).value == day


@given(days)
def test_any_month_first_date_parses_back_to_itself(day):
    text = f"{day.month}/{day.day}/{day.year}"
    assert parse_date(text, day_first=False).value == day


@given(days, st.booleans())
def test_any_date_with_its_month_name_parses_back_to_itself(day, day_first):
    text = f"{day.day} {day:%B} {day.year}"
    assert parse_date(text, day_first=day_first).value == day


@given(st.dates(min_value=dt.date(1906, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_excel_serial_parses_back_to_its_date(day):
    assert parse_date((day - dt.date(1899, 12, 30)).days, day_first=True).value == day


@pytest.mark.parametrize("text", ["0000-03-31", "0000-03", "Q1 0000", "31 March 0000"])
def test_year_zero_is_an_error(text):
    assert parse_date(text, day_first=True).error == "there is no year 0"


@given(typed | st.text(), st.booleans())
def test_any_text_parses_to_a_date_or_a_reason_never_an_exception(text, day_first):
    assert is_one_outcome(parse_date(text, day_first=day_first))
