"""Per-document extraction: a parsed Doc in, Mentions, Facts and Events out (pure functions)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.clean import CleanText
from kg.extract.events import launch_events
from kg.extract.mentions import find_mentions
from kg.extract.relations import crew_facts, role_facts
from kg.records import Document, Extraction

__all__ = ["extract"]


def extract(doc: Doc, document: Document, clean: CleanText) -> Extraction:
    """Everything the rules find in one parsed document."""
    found = find_mentions(doc, document.id, clean)
    crew = list(crew_facts(found, clean))
    facts = [*role_facts(found, clean), *crew]
    events = list(launch_events(found, crew, clean))
    return Extraction(
        document=document,
        mentions=tuple(f.mention for f in found),
        facts=tuple(facts),
        events=tuple(events),
    )
