"""Per-document extraction: a parsed Doc in, Mentions, Facts, Events and Aliases out."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.clean import CleanText
from kg.dates import publication_date
from kg.extract.coref import doc_context
from kg.extract.events import events
from kg.extract.mentions import aliases, find_mentions, harmonize, propagate_names
from kg.extract.relations import (
    crew_facts,
    crew_list_facts,
    film_facts,
    flight_facts,
    place_facts,
    role_facts,
    service_facts,
)
from kg.records import Document, Extraction

__all__ = ["extract"]


def extract(doc: Doc, document: Document, clean: CleanText) -> Extraction:
    """Everything the rules find in one parsed document."""
    found = harmonize(
        propagate_names(doc, document.id, clean, find_mentions(doc, document.id, clean))
    )
    same = aliases(found)
    ctx = doc_context(doc, document.id, found, same)
    facts = [
        *role_facts(ctx, clean),
        *service_facts(ctx, clean),
        *crew_facts(ctx, clean),
        *crew_list_facts(ctx, clean),
        *flight_facts(ctx, clean),
        *film_facts(ctx, clean),
        *place_facts(ctx, clean),
    ]
    return Extraction(
        document=document,
        mentions=tuple(f.mention for f in found),
        facts=tuple(facts),
        events=tuple(events(ctx, publication_date(document.text), clean)),
        aliases=tuple(same),
    )
