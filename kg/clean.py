"""Drop web-page boilerplate before NLP, keeping a map back to the original offsets.

The rules (``kg/data/boilerplate.json``) are data: captions and photo credits,
advertisements, share widgets, bylines, icon lists and related-link sections.
A dropped line leaves its line break behind, so paragraphs stay apart; text that
is kept is copied verbatim, so every offset in the cleaned text maps back exactly.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import cache

from kg.paths import DATA_DIR

_LINE_EDGE = " \t\r\f\v|•·"


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus the segments that map it back to the original."""

    text: str
    clean_starts: tuple[int, ...]
    original_starts: tuple[int, ...]
    copied: tuple[bool, ...]
    """Whether each segment is a verbatim copy (else a one-character stand-in for dropped text)."""

    def to_original(self, index: int) -> int:
        """The original offset of the cleaned character at ``index``."""
        k = bisect.bisect_right(self.clean_starts, index) - 1
        if k < 0:
            return index
        if self.copied[k]:
            return self.original_starts[k] + index - self.clean_starts[k]
        return self.original_starts[k]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned half-open span to the original text."""
        if end <= start:
            begin = self.to_original(start)
            return begin, begin
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(frozen=True, slots=True)
class _Rules:
    drop_lines: tuple[re.Pattern[str], ...]
    drop_rest: tuple[re.Pattern[str], ...]
    drop_inline: tuple[re.Pattern[str], ...]
    icon_suffix: str
    icon_min_words: int
    icon_min_share: float


@cache
def _rules() -> _Rules:
    data = json.loads((DATA_DIR / "boilerplate.json").read_text(encoding="utf-8"))

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in data[key])

    icons = data["icon_lines"]
    return _Rules(
        drop_lines=compile_all("drop_lines"),
        drop_rest=compile_all("drop_rest"),
        drop_inline=compile_all("drop_inline"),
        icon_suffix=icons["suffix"],
        icon_min_words=icons["min_words"],
        icon_min_share=icons["min_share"],
    )


def _is_icon_list(line: str, rules: _Rules) -> bool:
    words = line.split()
    if len(words) < rules.icon_min_words:
        return False
    iconish = sum(1 for w in words if w.lower().endswith(rules.icon_suffix))
    return iconish / len(words) >= rules.icon_min_share


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (sorted, disjoint) that are boilerplate."""
    rules = _rules()
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
    """Remove boilerplate; a dropped span becomes a space (or nothing at a line's edge)."""
    pieces: list[str] = []
    clean_starts: list[int] = []
    original_starts: list[int] = []
    copied: list[bool] = []
    length = 0

    def emit(piece: str, original: int, verbatim: bool) -> None:
        nonlocal length
        if not piece:
            return
        clean_starts.append(length)
        original_starts.append(original)
        copied.append(verbatim)
        pieces.append(piece)
        length += len(piece)

    pos = 0
    for start, end in boilerplate_spans(text):
        emit(text[pos:start], pos, True)
        inside_line = (
            start > 0
            and text[start - 1] not in "\r\n"
            and end < len(text)
            and text[end] not in "\r\n"
        )
        emit(" " if inside_line else "", start, False)
        pos = end
    emit(text[pos:], pos, True)
    return CleanText("".join(pieces), tuple(clean_starts), tuple(original_starts), tuple(copied))


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
