"""Reading what officials type: each parser's value, its reported repair, or its error
(dates: test_dates.py)."""

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionbook.read.values import TOO_LARGE, Parsed, clean_text, parse_choice, parse_number

MARCH_31 = dt.date(2027, 3, 31)
STATUSES = ("Not started", "In progress", "Done")
BLANKS = [None, "", "   ", "\u00a0", "\n", math.nan]


def assert_repaired(parsed: Parsed, value, *fragments: str) -> None:
    assert (parsed.value, parsed.error) == (value, None)
    assert parsed.repair is not None
    for fragment in fragments:
        assert fragment in parsed.repair


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


@pytest.mark.parametrize("value", [math.inf, -math.inf, 10**400, "9" * 400, "1e309",
                                   "9" * 300 + " bn"])
def test_a_number_past_the_largest_float_is_too_large_to_be_a_cost(value):
    # A table column, a sum and a workbook cell hold floats: 10**400 would crash them all.
    assert parse_number(value).error == TOO_LARGE


def test_the_largest_float_is_still_a_number():
    assert parse_number("1.7e308").error != TOO_LARGE
    assert parse_number(1.7e308) == Parsed(1.7e308)


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


def is_one_outcome(parsed: Parsed) -> bool:
    """A value, or an error, or neither (a blank); never both."""
    return isinstance(parsed, Parsed) and (parsed.value is None or parsed.error is None)


# Typing-like text: digits, separators, month words, odd spaces.
typed = st.text(alphabet=st.sampled_from("0123456789 /.-,:'()$€%QqHhTMmarchkbn\u00a0\u202fé"))


@given(typed | st.text())
def test_any_text_parses_to_a_number_or_a_reason_never_an_exception(text):
    assert is_one_outcome(parse_number(text))


@given(st.integers(min_value=0))
def test_any_count_with_thousands_commas_parses_back_to_itself(number):
    assert parse_number(f"{number:,}").value == number


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_clean_text_of_ascii_is_the_text_stripped_as_the_full_rule_would(text):
    from actionbook.read.values import INVISIBLE_ENDS, PLAIN_SPACES, is_blank

    full = None if is_blank(text) else (
        text.translate(PLAIN_SPACES).strip().strip(INVISIBLE_ENDS).strip() or None)
    assert clean_text(text) == full
