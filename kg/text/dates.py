"""Calendar dates for the date expressions of news articles.

An article's relative dates ("Tuesday", "next month") only mean something against the day it
was written, so everything here is grounded in the document's own publication date and never
in the clock of the machine that runs the build. Parsing is left to ``dateparser``; the regular
expressions below only find candidate strings and keep out phrases that are not points in time.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from typing import Any, Literal

from kg.records import PartialDate

__all__ = ["PartialDate", "publication_date", "resolve_date"]

Preference = Literal["past", "future"]
# A phrase in running text, a whole dateline field, or a keyword line's date with text around it.
_Mode = Literal["phrase", "dateline", "surrounded"]


# --- dateparser ---------------------------------------------------------------------------------

# Two far-apart leap-year bases, differing in year, month and day. Whatever a phrase does not
# state itself comes out of RELATIVE_BASE, so a part that differs between the two parses was not
# in the phrase. That is how "October 17" keeps its month and day but not a year without an
# anchor, and how "Tuesday" or "3 hours ago" are told from absolute dates.
_PROBE_BASES = (datetime.datetime(2008, 3, 15, 12), datetime.datetime(2016, 8, 20, 12))

_FULL_PARTS = ("year", "month", "day")
_PARTS_BY_PERIOD: dict[str, tuple[str, ...]] = {
    "time": _FULL_PARTS,
    "part_of_day": _FULL_PARTS,
    "day": _FULL_PARTS,
    "month": ("year", "month"),
    "quarter": ("year",),
    "year": ("year",),
}


@functools.lru_cache(maxsize=256)
def _parser(base: datetime.datetime, prefer: Preference, mode: _Mode) -> Any:
    """A DateDataParser per base: settings are fixed at construction, and articles share
    publication days, so a small cache saves rebuilding them for every phrase."""
    settings: dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer}
    if mode == "phrase":
        settings["RETURN_TIME_AS_PERIOD"] = True
    else:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
        settings["IGNORE_SURROUNDING_TEXT"] = mode == "surrounded"
    from dateparser.date import DateDataParser  # 0.1 s to import: only when dates are read

    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def _parse(
    text: str, base: datetime.datetime, prefer: Preference, mode: _Mode = "phrase"
) -> Any | None:
    """dateparser's DateData, or None when it finds no date.

    dateparser raises assorted exceptions on strange input (out-of-range values, odd Unicode);
    an unparseable phrase is not an error for callers, so they all mean "no date".
    News repeats its date phrases ("on Tuesday", "5 October 2021"), and dateparser takes
    milliseconds a phrase, so results are kept (callers only read them).
    """
    try:
        data: Any = _parser(base, prefer, mode).get_date_data(text)
    except Exception:
        return None
    if data is None or data.date_obj is None:
        return None
    return data


# --- publication dates --------------------------------------------------------------------------

_HEAD_CHARS = 2000
_HEAD_LINES = 40
_SHORT_LINE = 60
_KEYWORD = re.compile(
    r"(?:last\s+|first\s+)?"
    r"(?:updated?|modified|published|posted|publication\s+date|dated?)(?![a-z])"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# Datelines pack several fields into a line: "By Jane Doe | Published 5 October 2021".
_FIELD_SEPARATOR = re.compile(r"\s*[|•·▪►]\s*|\s+[-–—]\s+")
_EDGE_NOISE = re.compile(r"^[\W_]+|[\W_]+$")
# Candidate dates inside a longer keyword line: numeric, or day/month-word/year in either order.
_DATE_CANDIDATE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b"
    r"|\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Za-z]{3,9}\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
    r"\d{4}\b",
)


def _absolute_date(text: str, *, surrounded: bool) -> datetime.date | None:
    """A complete date that `text` states outright.

    Relative datelines ("3 hours ago", "Today") pass dateparser's REQUIRE_PARTS, but they
    depend on when the page was scraped, so a date must come out the same from both probe bases.
    """
    if not text or not any(ch.isdigit() for ch in text):
        return None
    dates = []
    for base in _PROBE_BASES:
        data = _parse(text, base, "past", "dateline")
        if data is None and surrounded:
            # Only keyword lines may carry other text around the date ("| By Jane Doe").
            data = _parse(text, base, "past", "surrounded")
        if data is None:
            return None
        dates.append(data.date_obj.date())
    return dates[0] if dates[0] == dates[1] else None


def _keyword_date(remainder: str) -> datetime.date | None:
    found = _absolute_date(_EDGE_NOISE.sub("", remainder[:_SHORT_LINE]), surrounded=True)
    if found is not None:
        return found
    for match in _DATE_CANDIDATE.finditer(remainder):
        found = _absolute_date(match.group(), surrounded=False)
        if found is not None:
            return found
    return None


def publication_date(text: str) -> datetime.date | None:
    """The date the article was published or last updated, read from its dateline area.

    Only the head of the text is read, and only lines that look like datelines: a keyword line
    ("LAST UPDATE 10/10/2021") or a short line that is nothing but a date. Dates in running
    sentences are what the article talks about, not when it was written. Keyword lines win over
    bare dates because a bare date near the top can belong to a related-article teaser.
    """
    if not isinstance(text, str):
        return None
    bare: datetime.date | None = None
    for line in text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES]:
        stripped = line.strip()
        if not stripped:
            continue
        short = len(stripped) <= _SHORT_LINE
        for field in _FIELD_SEPARATOR.split(stripped):
            field = re.sub(r"^[\W_]+", "", field)
            keyword = _KEYWORD.match(field)
            if keyword is not None:
                found = _keyword_date(field[keyword.end() :])
                if found is not None:
                    return found
            elif short and bare is None:
                bare = _absolute_date(_EDGE_NOISE.sub("", field), surrounded=False)
    return bare


# --- date expressions ---------------------------------------------------------------------------

# DATE entities are short; a long string is a tagging accident and not worth dateparser's time.
_MAX_EXPRESSION = 100
_SPACES = re.compile(r"\s+")
_LEADING = re.compile(
    r"^(?:on|in|by|at|during|since|until|till|before|after|around|about|from|as\s+of|of|circa"
    r"|ca\.?|this\s+past)\s+"
)
# "the past year" is the twelve months before; "last year" is a calendar year. Likewise "the
# next day" is the day after some event in the story, not after the publication date.
_RELATIONAL_THE = re.compile(
    r"^the\s+(?:last|next|past|coming|previous|prior|preceding|following|ensuing|subsequent"
    r"|recent|same|first|final)\b"
)
# Qualifiers narrow a period without moving it: "late October" still lies in October.
_QUALIFIER = re.compile(
    r"^(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of|early|earlier|mid|late|later"
    r"|(?:spring|summer|fall|autumn|winter)(?:\s+of)?)(?:\s+|-)(?=\S)"
)
_TIME_OF_DAY = re.compile(r"(?<=\w)\s+(?:morning|afternoon|evening|night|overnight)$")
_KEEP_TIME_OF_DAY = re.compile(r"^(?:this|last|next)\s")
_DECADE = re.compile(r"\d0'?s\b")
_UNIT = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|years?"
    r"|decades?|centur(?:y|ies)|quarters?|millenni(?:um|a))\b"
)
_CALENDAR_UNIT = re.compile(r"^(?:last|next|this)\s+(?:week|month|year)$")
_AGO = re.compile(r"\s(?:ago|from\s+now)$")
_VAGUE = re.compile(
    r"\b(?:few|several|many|some|couple|dozens?|hundreds?|thousands?|multiple|numerous|recent)\b"
)
_THE_YEAR = re.compile(r"^year\s+(?=\d{1,4}$)")
_SMALL_NUMBER = re.compile(r"^\d{1,3}$")
# dateparser reads "5th" as May but "17th" as a day, so ordinals are taken as days here.
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_WORD = re.compile(r"^[a-z]+\.?$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "`": "'"})


def _clean(expression: str) -> str | None:
    """The bare date phrase that dateparser can read, or None for phrases that name no point in
    time: durations ("12 days", "190-day"), vague spans ("recent months"), decades, story-relative
    days ("the next day") and bare small numbers (dateparser reads "5" as May)."""
    if not isinstance(expression, str) or len(expression) > _MAX_EXPRESSION:
        return None
    text = unicodedata.normalize("NFKC", expression).translate(_QUOTES).casefold()
    text = _SPACES.sub(" ", text).strip()
    if _DECADE.search(text):
        return None
    text = _EDGE_NOISE.sub("", text)
    text = re.sub(r"'s$", "", text)
    previous = None
    while text != previous:
        previous = text
        text = _LEADING.sub("", text)
        if _RELATIONAL_THE.match(text):
            return None
        text = re.sub(r"^the\s+", "", text)
        text = _QUALIFIER.sub("", text)
        if not _KEEP_TIME_OF_DAY.match(text):
            text = _TIME_OF_DAY.sub("", text)
        text = _EDGE_NOISE.sub("", text)
    if _UNIT.search(text):
        text = _THE_YEAR.sub("", text)
    if _UNIT.search(text):
        ago = _AGO.search(text) is not None and not _VAGUE.search(text)
        if not (ago or _CALENDAR_UNIT.match(text)):
            return None
    if not text or _SMALL_NUMBER.match(text):
        return None
    return text


def _values(data: Any) -> dict[str, int] | None:
    """The parts the parse's granularity vouches for; week-sized periods fit no PartialDate."""
    wanted = _PARTS_BY_PERIOD.get(data.period)
    if wanted is None:
        return None
    return {part: int(getattr(data.date_obj, part)) for part in wanted}


def _partial(values: dict[str, int]) -> PartialDate | None:
    try:
        return PartialDate(**values)
    except ValueError:
        return None


def _without_anchor(phrase: str) -> PartialDate | None:
    """Only the parts the phrase states itself: whatever varies with the base came from it."""
    if _ORDINAL.match(phrase):
        return None
    parsed = [_parse(phrase, base, "past") for base in _PROBE_BASES]
    if parsed[0] is None or parsed[1] is None:
        return None
    first, second = _values(parsed[0]), _values(parsed[1])
    if first is None or second is None:
        return None
    known = {part: value for part, value in first.items() if second.get(part) == value}
    if not known:
        return None
    return _partial(known)


def _base(anchor: datetime.date, prefer: Preference) -> datetime.datetime:
    """The anchor's first moment when looking ahead and its last when looking back, so that a
    bare time of day ("10 a.m.") lands on the anchor's own day either way."""
    moment = datetime.time.min if prefer == "future" else datetime.time(23, 59, 59)
    return datetime.datetime.combine(anchor, moment)


def _day_only(day: int, anchor: datetime.date, prefer: Preference) -> PartialDate | None:
    """For "the 17th": the nearest month holding that day, on the side of the anchor the tense
    asks for. dateparser keeps the anchor's month whichever side that falls on."""
    year, month = anchor.year, anchor.month
    step = 1 if prefer == "future" else -1
    for _ in range(13):
        if _valid(year, month, day):
            candidate = datetime.date(year, month, day)
            if (candidate >= anchor) if prefer == "future" else (candidate <= anchor):
                return PartialDate(candidate.year, candidate.month, candidate.day)
        month += step
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return None


def _stated_weekday(phrase: str, base: datetime.datetime, prefer: Preference) -> int | None:
    """The weekday a phrase such as "Tuesday, October 5" names, read by dateparser word by word:
    a lone weekday parses to a whole day relative to the base, unlike a month name."""
    for word in re.findall(r"[a-z]+\.?", phrase):
        data = _parse(word, base, prefer)
        if data is not None and data.period == "day" and tuple(data.parts) == _FULL_PARTS:
            weekday: int = data.date_obj.weekday()
            return weekday
    return None


def _with_anchor(phrase: str, anchor: datetime.date, prefer: Preference) -> PartialDate | None:
    ordinal = _ORDINAL.match(phrase)
    if ordinal is not None:
        return _day_only(int(ordinal.group(1)), anchor, prefer)
    base = _base(anchor, prefer)
    data = _parse(phrase, base, prefer)
    if data is None:
        return None
    stated = set(data.parts) & set(_FULL_PARTS)
    if "day" in stated and "month" not in stated:
        # "2021-22" comes back as a year and a day: a range, not a date.
        return _day_only(data.date_obj.day, anchor, prefer) if stated == {"day"} else None
    values = _values(data)
    if values is None:
        return None
    if "year" not in stated and "month" in stated:
        values = _year_for(values, anchor, prefer, phrase, base)
    elif (
        prefer == "past"
        and data.period == "day"
        and _WORD.match(phrase)
        and anchor - data.date_obj.date() == datetime.timedelta(days=7)
    ):
        # A lone weekday naming the anchor's own weekday: dateparser goes back a full week,
        # but in a past-tense report "on Sunday" in Sunday's paper means that very day.
        values = {"year": anchor.year, "month": anchor.month, "day": anchor.day}
    return _partial(values)


def _year_for(
    values: dict[str, int],
    anchor: datetime.date,
    prefer: Preference,
    phrase: str,
    base: datetime.datetime,
) -> dict[str, int]:
    """Corrects dateparser's year for a month or month-day stated without one.

    Looking ahead, dateparser skips to next year even when the day (or month) is the anchor's
    own, and it ignores a stated weekday; the weekday pins the year when one of the years around
    the anchor matches it ("Tuesday, October 5" in a future-tense clause of October 10, 2021).
    """
    month, day = values["month"], values.get("day")
    if day is None:
        if prefer == "future" and (values["year"] - 1, month) >= (anchor.year, anchor.month):
            return {**values, "year": values["year"] - 1}
        return values
    earlier = values["year"] - 1
    if (
        prefer == "future"
        and _valid(earlier, month, day)
        and datetime.date(earlier, month, day) >= anchor
    ):
        values = {**values, "year": earlier}
    weekday = _stated_weekday(phrase, base, prefer)
    if weekday is None or datetime.date(values["year"], month, day).weekday() == weekday:
        return values
    matching = [
        year
        for year in range(anchor.year - 1, anchor.year + 2)
        if _valid(year, month, day) and datetime.date(year, month, day).weekday() == weekday
    ]
    if not matching:
        return values
    best = min(matching, key=lambda year: abs(datetime.date(year, month, day) - anchor))
    return {**values, "year": best}


def _valid(year: int, month: int, day: int) -> bool:
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def resolve_date(
    expression: str, anchor: datetime.date | None, *, future: bool = False
) -> PartialDate | None:
    """The calendar date a DATE entity names, as far as the text and its anchor pin it down.

    `anchor` is the document's publication date: relative phrases ("Tuesday", "next month")
    mean nothing without it and give None, while a month-day ("October 17") still keeps its
    month and day so other documents can supply the year. `future` says the clause is in the
    future tense, so a year-less or weekday phrase is looked for on or after the anchor rather
    than on or before it. Durations and vague spans are not points in time and give None.
    """
    phrase = _clean(expression)
    if phrase is None:
        return None
    if anchor is None:
        return _without_anchor(phrase)
    if isinstance(anchor, datetime.datetime):
        anchor = anchor.date()
    return _with_anchor(phrase, anchor, "future" if future else "past")


_DAY_RANGE = re.compile(r"\d\s*[-\u2013]\s*\d")
_DATE_RANGE = re.compile(r"^(?:between\s+)?(.*?\d)\s*(?:[-\u2013]|\band\b|\bto\b)\s*(\D.*)$", re.I)
_YEAR = re.compile(r"\b(\d{4})\b")


def range_start(expression: str) -> datetime.date | None:
    """The first day of a span of days written as one date expression: "May 19-29, 1996",
    "February 5, 1987-July 30, 1987", "between June 3 and June 7, 1965"; None for anything
    that is no span or gives no full first day."""
    text = " ".join(expression.split())
    if _DAY_RANGE.search(text):
        first = resolve_date(text, None)
    else:
        match = _DATE_RANGE.match(text)
        if match is None:
            return None
        start, end = match.group(1), match.group(2)
        year = _YEAR.search(end)
        if not _YEAR.search(start) and year is not None:
            start = f"{start}, {year.group(1)}"
        first = resolve_date(start, None)
    if first is None or not (first.year and first.month and first.day):
        return None
    return datetime.date(first.year, first.month, first.day)
