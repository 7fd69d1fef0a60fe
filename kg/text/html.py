"""The main text of an HTML page, by trafilatura: navigation, footers, share widgets and
comments dropped, paragraphs kept apart by blank lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str
    published: dt.date | None


def extract_html(html: str) -> Page:
    """The page's main text, title and date (empty text when it has none)."""
    body = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=True
    )
    paragraphs = [line.strip() for line in (body or "").splitlines() if line.strip()]
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "") if metadata else ""
    published = None
    if metadata and metadata.date:
        try:
            published = dt.date.fromisoformat(metadata.date[:10])
        except ValueError:
            published = None
    return Page("\n\n".join(paragraphs), " ".join(title.split()), published)
