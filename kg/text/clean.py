"""Drop web-page boilerplate before NLP, keeping a map back to the original offsets.

The rules (``kg/data/boilerplate.json``) are data: captions and photo credits,
advertisements, share widgets, bylines, icon lists and related-link sections.
A dropped line leaves its line break behind, so paragraphs stay apart; text that
is kept is copied verbatim, so every offset in the cleaned text maps back exactly.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from kg.lexicon import Boilerplate, boilerplate, grammar

_LINE_EDGE = " \t\r\f\v|•·"


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus the segments that map it back to the text it was made from
    (``base`` when cleaning happened in stages, else the original)."""

    text: str
    clean_starts: tuple[int, ...]
    original_starts: tuple[int, ...]
    copied: tuple[bool, ...]
    """Whether each segment is a verbatim copy (else a stand-in for the text it replaced)."""
    original_ends: tuple[int, ...] = ()
    """Where each segment ends in the text it was made from."""
    base: CleanText | None = None
    """The stage before this one, if any: offsets map through it to the original."""

    def _segment(self, index: int) -> int:
        return bisect.bisect_right(self.clean_starts, index) - 1

    def _start_in_source(self, index: int) -> int:
        k = self._segment(index)
        if k < 0:
            return index
        if self.copied[k]:
            return self.original_starts[k] + index - self.clean_starts[k]
        return self.original_starts[k]

    def _end_in_source(self, index: int) -> int:
        """Where the character at ``index`` ends in the source (a stand-in ends where the
        text it replaced ends)."""
        k = self._segment(index)
        if k < 0:
            return index + 1
        if self.copied[k]:
            return self.original_starts[k] + index - self.clean_starts[k] + 1
        return self.original_ends[k] if self.original_ends else self.original_starts[k] + 1

    def to_original(self, index: int) -> int:
        """The original offset of the cleaned character at ``index``."""
        local = self._start_in_source(index)
        return self.base.to_original(local) if self.base is not None else local

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned half-open span to the original text."""
        if end <= start:
            begin = self.to_original(start)
            return begin, begin
        first, last = self._start_in_source(start), self._end_in_source(end - 1)
        if self.base is not None:
            return self.base.span_to_original(first, last)
        return first, last

    def slice(self, start: int, end: int) -> CleanText:
        """A part of the cleaned text whose offsets still map to the original."""
        return CleanText(self.text[start:end], (0,), (start,), (True,), (end,), self)


class _Builder:
    """Collects the pieces of a cleaned text and the segments that map it back."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.clean_starts: list[int] = []
        self.original_starts: list[int] = []
        self.original_ends: list[int] = []
        self.copied: list[bool] = []
        self.length = 0

    def emit(self, piece: str, start: int, end: int, verbatim: bool) -> None:
        if not piece:
            return
        self.clean_starts.append(self.length)
        self.original_starts.append(start)
        self.original_ends.append(end)
        self.copied.append(verbatim)
        self.pieces.append(piece)
        self.length += len(piece)

    def build(self, base: CleanText | None = None) -> CleanText:
        return CleanText(
            "".join(self.pieces),
            tuple(self.clean_starts),
            tuple(self.original_starts),
            tuple(self.copied),
            tuple(self.original_ends),
            base,
        )


# ---------------------------------------------------------------------------- characters

# format characters (zero-width spaces and joiners, bidi marks and overrides, soft
# hyphens, byte-order marks), surrogates and noncharacters: dropped
_DROP = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                   "\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufdd0-\ufdef"
                   "\ufffe\uffff]")  # fmt: skip
# runs of control characters other than tab and line breaks: a space, so words stay
# apart, or nothing when white space is already beside them
_SPACE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
# line and paragraph separators: a line break
_BREAK = re.compile("[\u2028\u2029]")
_ODD = re.compile(f"{_DROP.pattern}|{_SPACE.pattern}|{_BREAK.pattern}")


def normalize(text: str) -> CleanText | None:
    """Text fit for NLP: control characters become spaces (between words), invisible
    format characters (zero-width, bidi overrides, soft hyphens), lone surrogates and
    noncharacters go, and the rest is put in NFC. None when the text needs none of it
    (the usual case)."""
    if not _ODD.search(text) and _is_nfc(text):
        return None
    out = _Builder()
    pos = 0
    for match in _ODD.finditer(text):
        _emit_nfc(out, text, pos, match.start())
        char = match.group()
        if _DROP.match(char):
            stand_in = ""
        elif _BREAK.match(char):
            stand_in = "\n"
        else:
            beside = text[match.start() - 1 : match.start()] + text[match.end() : match.end() + 1]
            stand_in = "" if any(c.isspace() for c in beside) else " "
        out.emit(stand_in, match.start(), match.end(), False)
        pos = match.end()
    _emit_nfc(out, text, pos, len(text))
    return out.build()


def _is_nfc(text: str) -> bool:
    try:
        return unicodedata.is_normalized("NFC", text)
    except UnicodeEncodeError:  # lone surrogates
        return False


def _emit_nfc(out: _Builder, text: str, start: int, end: int) -> None:
    """Copy ``text[start:end]`` in NFC: unchanged runs verbatim, each composed unit (a
    character and its combining marks) as a stand-in for what it replaced."""
    part = text[start:end]
    if part.isascii() or _is_nfc(part):
        out.emit(part, start, end, True)
        return
    run = start
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        unit = text[i:j]
        composed = unicodedata.normalize("NFC", unit)
        if composed != unit:
            out.emit(text[run:i], run, i, True)
            out.emit(composed, i, j, False)
            run = j
        i = j
    out.emit(text[run:end], run, end, True)


def _is_icon_list(line: str, rules: Boilerplate) -> bool:
    words = line.split()
    if len(words) < rules.icon_min_words:
        return False
    iconish = sum(1 for w in words if w.lower().endswith(rules.icon_suffix))
    return iconish / len(words) >= rules.icon_min_share


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (sorted, disjoint) that are boilerplate."""
    rules = boilerplate()
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip(_LINE_EDGE)
        line_start, pos = pos, pos + len(line)
        if not stripped:
            continue
        if any(p.fullmatch(stripped) for p in rules.drop_rest):
            spans.append((line_start, len(text)))
            break
        if _is_icon_list(stripped, rules) or any(p.fullmatch(stripped) for p in rules.drop_lines):
            spans.append((line_start, line_start + len(body)))
            continue
        for pattern in rules.drop_inline:
            spans.extend(
                (line_start + m.start(), line_start + m.end()) for m in pattern.finditer(body)
            )
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def clean(text: str) -> CleanText:
    """Normalize odd characters, remove boilerplate (a dropped span becomes a space, or
    nothing at a line's edge), and join the lines of hard-wrapped paragraphs. Offsets map
    back to ``text`` through every stage."""
    normalized = normalize(text)
    source = normalized.text if normalized is not None else text
    unwrapped = unwrap(source)
    if unwrapped is not None:
        normalized = unwrapped if normalized is None else _restage(unwrapped, normalized)
        source = unwrapped.text
    out = _Builder()
    pos = 0
    for start, end in boilerplate_spans(source):
        out.emit(source[pos:start], pos, start, True)
        inside_line = (
            start > 0
            and source[start - 1] not in "\r\n"
            and end < len(source)
            and source[end] not in "\r\n"
        )
        out.emit(" " if inside_line else "", start, end, False)
        pos = end
    out.emit(source[pos:], pos, len(source), True)
    return out.build(normalized)


WRAP_MIN_LINES = 5
"""A text is hard-wrapped when at least this many of its lines come close to its widest."""
WRAP_MAX_WIDTH = 100
"""Wider lines are paragraphs of their own: such a text is not hard-wrapped."""
WRAP_SLACK = 0.9
"""A wrapped line with its next word reaches this share of the widest line at least (the
wrapper's width is not known exactly, and some wrap a little short of it)."""


def unwrap(text: str) -> CleanText | None:
    """Join the lines of hard-wrapped paragraphs ("the Multilateral Crew Operations Panel\n
    (MCOP)"), a line break becoming a space; None when the text is not hard-wrapped.

    Mailing lists and press wires break lines at a fixed width, inside names and sentences.
    A break is soft when the next line's first word would not have fitted on the line: a
    line that ends early (a heading, a date line, the end of a paragraph) keeps its break.
    """
    lines = text.split("\n")
    widths = [len(line.rstrip()) for line in lines]
    width = max(widths, default=0)
    if width > WRAP_MAX_WIDTH or sum(w >= width * 0.75 for w in widths) < WRAP_MIN_LINES:
        return None
    out = _Builder()
    pos = 0
    for line, following in pairwise(lines):
        end = pos + len(line)
        out.emit(line, pos, end, True)
        word = following.split(" ", 1)[0]
        soft = (
            line.strip()
            and word
            and not following[0].isspace()
            and following[0] not in "-–—•*·|"
            and not word.endswith(":")  # "Roe: ...", a speaker or a field opens a line
            and not _opens_field(following)  # "Crew code name—Kestrel"
            and len(line.rstrip()) + 1 + len(word) > width * WRAP_SLACK
        )
        out.emit(" " if soft else "\n", end, end + 1, not soft)
        pos = end + 1
    out.emit(lines[-1], pos, len(text), True)
    return out.build()


FIELD_LABEL_WORDS = 4
"""How many words a field's label at the start of a line may have."""


def _opens_field(line: str) -> bool:
    """Whether a line opens with a capitalized label of a few words and a field's
    separator: "Crew code name—Kestrel", "Launch crew: Vasko"."""
    for mark in grammar().field_separators:
        label, found, _ = line.partition(mark)
        words = label.split()
        if found and words and words[0][:1].isupper() and len(words) <= FIELD_LABEL_WORDS:
            return all(w.isalpha() for w in words)
    return False


def _restage(later: CleanText, earlier: CleanText) -> CleanText:
    """``later`` (made from ``earlier``'s text) mapping through ``earlier`` to the original."""
    return CleanText(
        later.text,
        later.clean_starts,
        later.original_starts,
        later.copied,
        later.original_ends,
        earlier,
    )


_WORD = re.compile(r"[^\W\d_]+")


def headline(text: str) -> str:
    """The article's title: its first line of cleaned text that reads like one (up to
    thirty words, mostly letters, not a list item, a date or a sentence ending in a full stop)."""
    for line in text.splitlines():
        line = " ".join(line.split())
        words = _WORD.findall(line)
        if not words or len(words) > 30 or line.endswith(".") or line[0] in "-–—•*":
            continue
        if len("".join(words)) < len(line.replace(" ", "")) / 2:  # "20 Sep, 2021 14:45"
            continue
        return line
    return ""
