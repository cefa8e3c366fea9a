"""Reading what officials type: each parser's value, its reported repair, or its error."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionbook.values import Parsed, clean_text, parse_choice, parse_date, parse_number

MARCH_31 = dt.date(2027, 3, 31)
STATUSES = ("Not started", "In progress", "Done")
BLANKS = [None, "", "   ", "\u00a0", "\n", math.nan]


def assert_repaired(parsed: Parsed, value, *fragments: str) -> None:
    assert (parsed.value, parsed.error) == (value, None)
    assert parsed.repair is not None
    for fragment in fragments:
        assert fragment in parsed.repair


# --- dates ------------------------------------------------------------------------------


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
        "2027-03-31", "2027/03/31", "2027.3.31", "31/03/2027", "31.03.2027", "31-03-2027",
        "31 March 2027", "31 MARCH 2027", "31 Mar 2027", "31-Mar-2027", "March 31, 2027",
        "Mar 31 2027", "31st March 2027", "Wednesday, 31 March 2027", "31 mars 2027",
        "31 de marzo de 2027", "  31\u00a0March\u202f2027 ", "2027-03-31T00:00:00",
        "2027-03-31 00:00", "46477",
    ],
)
def test_day_first_date_text_is_read_and_reported(text):
    assert_repaired(parse_date(text, day_first=True), MARCH_31)


@pytest.mark.parametrize("text", ["3/31/2027", "03-31-2027", "March 31, 2027", "2027-03-31"])
def test_month_first_date_text_is_read_and_reported(text):
    assert_repaired(parse_date(text, day_first=False), MARCH_31)


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


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_number_is_neither_value_nor_error(blank):
    assert parse_number(blank) == Parsed()


@pytest.mark.parametrize("number", [0, 5, 1_200_000, 5.5, -3])
def test_number_passes_through_unrepaired(number):
    assert parse_number(number) == Parsed(number)


@pytest.mark.parametrize(
    "text, expected, note",
    [
        ("5000", 5000, "typed as text"),
        ("1,200,000", 1_200_000, "typed as text"),
        ("1 200 000", 1_200_000, "typed as text"),
        ("1\u00a0200\u00a0000", 1_200_000, "typed as text"),
        ("1\u202f200\u202f000", 1_200_000, "typed as text"),
        ("1'200'000", 1_200_000, "typed as text"),
        ("1.200.000", 1_200_000, "typed as text"),
        ("1.5", 1.5, "typed as text"),
        ("1,200.50", 1200.5, "typed as text"),
        ("1.200,50", 1200.5, "decimal comma"),
        ("1 200,50", 1200.5, "decimal comma"),
        ("1,5", 1.5, "decimal comma"),
        ("USD 5,000", 5000, "currency USD dropped"),
        ("5,000 USD", 5000, "currency USD dropped"),
        ("$5,000", 5000, "currency $ dropped"),
        ("€ 1.200,50", 1200.5, "currency € dropped"),
        ("1.2m", 1_200_000, "'m' read as ×1,000,000"),
        ("1.2 million", 1_200_000, "'million' read as ×1,000,000"),
        ("3k", 3000, "'k' read as ×1,000"),
        ("2.5 bn", 2_500_000_000, "'bn' read as ×1,000,000,000"),
        ("USD 1.2m", 1_200_000, "currency USD dropped"),
        ("(5,000)", -5000, "brackets read as a minus sign"),
        ("-5", -5, "typed as text"),
        ("\u22127", -7, "typed as text"),
    ],
)
def test_number_text_is_read_and_reported(text, expected, note):
    parsed = parse_number(text)
    assert_repaired(parsed, expected, note)
    assert type(parsed.value) is type(expected)


@pytest.mark.parametrize(
    "text, why",
    [
        ("12%", "a percentage, not an amount"),
        ("TBD", "it has no digits"),
        ("approx 5000", "words or signs around the digits"),
        ("5 kg", "words or signs around the digits"),
        ("12,34,5", "its separators do not group the digits in threes"),
        ("1.2.3", "its separators do not group the digits in threes"),
    ],
)
def test_text_that_is_no_number_is_an_error_saying_why(text, why):
    assert parse_number(text) == Parsed(error=why)


@pytest.mark.parametrize("value", [True, False])
def test_true_and_false_are_not_numbers(value):
    assert parse_number(value).error == "a TRUE/FALSE value"


@pytest.mark.parametrize("value", [MARCH_31, dt.datetime(2027, 3, 31)])
def test_dates_are_not_numbers(value):
    assert parse_number(value).error == "a date or time"


def test_infinity_is_not_a_number():
    assert not parse_number(math.inf).ok


def test_huge_integer_is_a_number():
    assert parse_number(10**400) == Parsed(10**400)


# --- choices ----------------------------------------------------------------------------


def test_exact_choice_is_unrepaired():
    assert parse_choice("In progress", STATUSES) == Parsed("In progress")


@pytest.mark.parametrize(
    "typed", ["in progress", "IN PROGRESS", " In  progress ", "In progress.", "in-progress"]
)
def test_choice_in_other_case_or_spacing_is_read_as_the_listed_spelling(typed):
    assert_repaired(parse_choice(typed, STATUSES), "In progress", "case or spacing")


@pytest.mark.parametrize("typed", ["In\u00a0progress", " In progress\n"])
def test_choice_with_invisible_differences_is_the_choice_itself(typed):
    assert parse_choice(typed, STATUSES) == Parsed("In progress")


def test_choice_outside_the_list_is_an_error_naming_the_allowed_values():
    allowed = "allowed values are: Not started, In progress, Done"
    assert parse_choice("Finished", STATUSES).error == allowed


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_choice_is_neither_value_nor_error(blank):
    assert parse_choice(blank, STATUSES) == Parsed()


def test_number_choice_matches_its_text():
    assert parse_choice(2.0, ["1", "2"]) == Parsed("2")


# --- text -------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_text_is_none(blank):
    assert clean_text(blank) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("  Train staff  ", "Train staff"),
        ("\u00a0Train staff\u202f", "Train staff"),
        ("\ufeffTrain staff", "Train staff"),
        ("Train  staff", "Train  staff"),
        ("Line one\nLine two", "Line one\nLine two"),
        ("Ministère de la Santé", "Ministère de la Santé"),
        ("وزارة الصحة", "وزارة الصحة"),
        (2027.0, "2027"),
        (2027, "2027"),
        (1.5, "1.5"),
        (True, "TRUE"),
        (MARCH_31, "2027-03-31"),
        (dt.datetime(2027, 3, 31), "2027-03-31"),
        (dt.datetime(2027, 3, 31, 14, 30), "2027-03-31 14:30"),
    ],
)
def test_clean_text_keeps_what_was_typed_trimmed(value, expected):
    assert clean_text(value) == expected


# --- round trips ------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(dates, st.booleans())
def test_any_iso_date_parses_back_to_itself(day, day_first):
    assert parse_date(day.isoformat(), day_first=day_first).value == day


@given(dates)
def test_any_day_first_date_parses_back_to_itself(day):
    text = f"{day.day:02}/{day.month:02}/{day.year}"
    assert parse_date(text, day_first=True).value == day


@given(dates)
def test_any_month_first_date_parses_back_to_itself(day):
    text = f"{day.month}/{day.day}/{day.year}"
    assert parse_date(text, day_first=False).value == day


@given(dates, st.booleans())
def test_any_date_with_its_month_name_parses_back_to_itself(day, day_first):
    text = f"{day.day} {day:%B} {day.year}"
    assert parse_date(text, day_first=day_first).value == day


@given(st.dates(min_value=dt.date(1906, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_excel_serial_parses_back_to_its_date(day):
    assert parse_date((day - dt.date(1899, 12, 30)).days, day_first=True).value == day


@pytest.mark.parametrize("text", ["0000-03-31", "0000-03", "Q1 0000", "31 March 0000"])
def test_year_zero_is_an_error(text):
    assert parse_date(text, day_first=True).error == "there is no year 0"


def is_one_outcome(parsed: Parsed) -> bool:
    """A value, or an error, or neither (a blank); never both."""
    return isinstance(parsed, Parsed) and (parsed.value is None or parsed.error is None)


# Typing-like text: digits, separators, month words, odd spaces.
typed = st.text(alphabet=st.sampled_from("0123456789 /.-,:'()$€%QqHhTMmarchkbn\u00a0\u202fé"))


@given(typed | st.text(), st.booleans())
def test_any_text_parses_to_a_date_or_a_reason_never_an_exception(text, day_first):
    assert is_one_outcome(parse_date(text, day_first=day_first))


@given(typed | st.text())
def test_any_text_parses_to_a_number_or_a_reason_never_an_exception(text):
    assert is_one_outcome(parse_number(text))


@given(st.integers(min_value=0))
def test_any_count_with_thousands_commas_parses_back_to_itself(number):
    assert parse_number(f"{number:,}").value == number
