"""Label normalization shared by resolution, IRI minting and evaluation."""

from __future__ import annotations

import re
import unicodedata

_QUOTE_MAP = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
    }
)
_SPACE = re.compile(r"\s+")


def _is_edge_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def normalize_label(label: str) -> str:
    """Compare-form of a label: NFKC, casefolded, straight quotes, single spaces, and
    without surrounding punctuation, a leading "the " or a trailing "'s"."""
    text = unicodedata.normalize("NFKC", label).casefold().translate(_QUOTE_MAP)
    text = _SPACE.sub(" ", text).strip()
    previous = None
    while text != previous:
        previous = text
        start, end = 0, len(text)
        while start < end and (_is_edge_punct(text[start]) or text[start].isspace()):
            start += 1
        while end > start and (_is_edge_punct(text[end - 1]) or text[end - 1].isspace()):
            end -= 1
        text = text[start:end]
        if text.startswith("the "):
            text = text[4:]
        if text.endswith("'s"):
            text = text[:-2]
    return text
