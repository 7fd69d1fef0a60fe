"""Dates grounded in the document's own publication date, never in today's clock."""

from __future__ import annotations

from datetime import date

import pytest

from kg.text.dates import PartialDate, publication_date, resolve_date

SUNDAY = date(2021, 10, 10)
MONDAY = date(2021, 9, 20)


# --- publication_date ---------------------------------------------------------------------------


def test_publication_date_keyword_line() -> None:
    text = "Some Site\nHome | World\n| LAST UPDATE 10/10/2021\n\nBy Someone\nIn April 2014, ..."
    assert publication_date(text) == date(2021, 10, 10)


def test_publication_date_bare_date_line_with_time() -> None:
    text = "icon list line\n20 Sep, 2021 14:45\n\nHeadline about the launch\nBody text."
    assert publication_date(text) == date(2021, 9, 20)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published on 5 October 2021", date(2021, 10, 5)),
        ("Updated: October 5, 2021 10:31 GMT", date(2021, 10, 5)),
        ("Posted 2021-10-05", date(2021, 10, 5)),
        ("Date: 10/10/2021", date(2021, 10, 10)),
        ("By Jane Doe | Published October 5, 2021 | 3 min read", date(2021, 10, 5)),
        ("Sunday, 10 October 2021", date(2021, 10, 10)),
        ("Tue 5 Oct 2021 10.31 BST", date(2021, 10, 5)),
    ],
)
def test_publication_date_forms(line: str, expected: date) -> None:
    assert publication_date(f"Headline\n{line}\n\nBody.") == expected


def test_publication_date_ignores_dates_in_sentences() -> None:
    text = (
        "Headline\n"
        "In April 2014, Putin said that Crimea had always been part of Russia, and more.\n"
        "On 5 October 2021, he left.\n"
    )
    assert publication_date(text) is None


def test_publication_date_prefers_keyword_lines() -> None:
    text = "Headline\nOctober 1, 2021\nTeaser\nUpdated October 5, 2021\n"
    assert publication_date(text) == date(2021, 10, 5)


def test_publication_date_needs_a_complete_absolute_date() -> None:
    # Relative datelines depend on when the page was scraped; a year-less one is incomplete.
    assert publication_date("Headline\nUpdated 3 hours ago\nToday\nOctober 5\n") is None


def test_publication_date_reads_only_the_head() -> None:
    assert publication_date("\n" * 45 + "October 5, 2021\n") is None


def test_publication_date_empty() -> None:
    assert publication_date("") is None


# --- resolve_date -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Tuesday", date(2021, 10, 5)),
        ("Monday", date(2021, 10, 4)),
        ("on Tuesday", date(2021, 10, 5)),
        ("Tuesday morning", date(2021, 10, 5)),
        ("this past Tuesday", date(2021, 10, 5)),
        ("Tuesday, October 5", date(2021, 10, 5)),
        ("yesterday", date(2021, 10, 9)),
        # The anchor's own weekday in a past-tense report is the anchor itself.
        ("Sunday", SUNDAY),
    ],
)
def test_resolve_past_with_anchor(expression: str, expected: date) -> None:
    resolved = resolve_date(expression, SUNDAY)
    assert resolved is not None
    assert resolved.complete() == expected


def test_resolve_weekday_future() -> None:
    assert resolve_date("Tuesday", SUNDAY, future=True) == PartialDate(2021, 10, 12)


def test_resolve_stated_weekday_pins_the_year() -> None:
    # dateparser alone looks ahead to 2022-10-05, a Wednesday.
    assert resolve_date("Tuesday, October 5", SUNDAY, future=True) == PartialDate(2021, 10, 5)


def test_resolve_month_day_follows_tense() -> None:
    assert resolve_date("October 17", SUNDAY, future=True) == PartialDate(2021, 10, 17)
    assert resolve_date("October 17", SUNDAY) == PartialDate(2020, 10, 17)
    # The anchor's own day is on or after the anchor, not a year later.
    assert resolve_date("October 10", SUNDAY, future=True) == PartialDate(2021, 10, 10)


def test_resolve_month_day_without_anchor_keeps_its_parts() -> None:
    resolved = resolve_date("October 17", None)
    assert resolved == PartialDate(None, 10, 17)
    assert resolved.complete() is None


def test_resolve_month() -> None:
    assert resolve_date("next month", MONDAY) == PartialDate(2021, 10, None)
    assert resolve_date("in October", MONDAY, future=True) == PartialDate(2021, 10, None)
    assert resolve_date("in October", MONDAY) == PartialDate(2020, 10, None)
    assert resolve_date("in October", None) == PartialDate(None, 10, None)
    assert resolve_date("earlier this month", MONDAY) == PartialDate(2021, 9, None)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1969", PartialDate(1969)),
        ("2014", PartialDate(2014)),
        ("April 2014", PartialDate(2014, 4)),
        ("October 5, 2021", PartialDate(2021, 10, 5)),
        ("late 2020", PartialDate(2020)),
    ],
)
def test_resolve_absolute_needs_no_anchor(expression: str, expected: PartialDate) -> None:
    assert resolve_date(expression, None) == expected
    assert resolve_date(expression, SUNDAY) == expected


def test_resolve_year_relative() -> None:
    assert resolve_date("last year", SUNDAY) == PartialDate(2020)
    assert resolve_date("last year", None) is None


@pytest.mark.parametrize("expression", ["Tuesday", "next month", "yesterday", "the 17th"])
def test_resolve_relative_without_anchor(expression: str) -> None:
    assert resolve_date(expression, None) is None


@pytest.mark.parametrize(
    "expression",
    [
        "12 days",
        "190 days",
        "190-day",
        "the next twelve days",
        "recent months",
        "the past four months",
        "the past year",
        "several months",
        "years",
        "the next day",
        "this week",
        "the 1990s",
        "2020s",
        "2021-22",
        "5",
    ],
)
def test_resolve_not_a_point_in_time(expression: str) -> None:
    assert resolve_date(expression, SUNDAY) is None
    assert resolve_date(expression, SUNDAY, future=True) is None
    assert resolve_date(expression, None) is None


def test_resolve_ordinal_day() -> None:
    assert resolve_date("the 17th", SUNDAY) == PartialDate(2021, 9, 17)
    assert resolve_date("the 17th", SUNDAY, future=True) == PartialDate(2021, 10, 17)


@pytest.mark.parametrize(
    "expression",
    ["", "   ", "😀", "\x00", "-", "the", "in", "x" * 10_000, "Feb 30", "the 0th", "10000"],
)
def test_resolve_odd_input_never_raises(expression: str) -> None:
    for anchor in (None, SUNDAY, date(1, 1, 1), date(9999, 12, 31)):
        for future in (False, True):
            resolved = resolve_date(expression, anchor, future=future)
            assert resolved is None or isinstance(resolved, PartialDate)


# --- PartialDate --------------------------------------------------------------------------------


def test_partial_date_merge() -> None:
    merged = PartialDate(None, 10, 17).merge(PartialDate(2021, 10, None))
    assert merged == PartialDate(2021, 10, 17)
    assert merged.complete() == date(2021, 10, 17)


def test_partial_date_merge_conflict() -> None:
    assert PartialDate(2021, 10, 17).merge(PartialDate(2021, 10, 18)) is None
    assert PartialDate(None, 10, None).merge(PartialDate(2021, 11, None)) is None
    # Each part agrees, yet together they make no date.
    assert PartialDate(None, 2, 29).merge(PartialDate(2021)) is None


def test_partial_date_str() -> None:
    assert str(PartialDate(2021, 10, 17)) == "2021-10-17"
    assert str(PartialDate(2021, 10)) == "2021-10"
    assert str(PartialDate(None, 10, 17)) == "--10-17"
    assert str(PartialDate(None, 10)) == "--10"
    assert str(PartialDate(2021)) == "2021"


def test_partial_date_complete_needs_all_parts() -> None:
    assert PartialDate(2021, 10).complete() is None
    assert PartialDate(2021, 10, 17).complete() == date(2021, 10, 17)


@pytest.mark.parametrize(
    ("year", "month", "day"), [(2021, 13, None), (2021, 2, 29), (None, None, 5)]
)
def test_partial_date_rejects_impossible_parts(
    year: int | None, month: int | None, day: int | None
) -> None:
    with pytest.raises(ValueError):
        PartialDate(year, month, day)


def test_the_first_day_of_a_span_of_days() -> None:
    from kg.text.dates import range_start

    assert str(range_start("May 19-29, 1996")) == "1996-05-19"
    assert str(range_start("February 5, 1987-July 30, 1987")) == "1987-02-05"
    assert str(range_start("between June 3 and June 7, 1965")) == "1965-06-03"
    assert range_start("June 3, 1965") is None  # one day is no span
    assert range_start("1990-1995") is None  # years give no first day
