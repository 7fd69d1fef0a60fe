"""Per-document extraction: a parsed Doc in, Mentions, Facts, Events and Aliases out."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.clean import CleanText, headline
from kg.dates import publication_date
from kg.extract.coref import doc_context
from kg.extract.events import events
from kg.extract.mentions import aliases, find_mentions, harmonize, propagate_names
from kg.extract.relations import (
    crew_facts,
    crew_list_facts,
    crew_table_facts,
    film_facts,
    flight_facts,
    place_facts,
    role_facts,
    service_facts,
)
from kg.records import Document, Extraction, Fact, Mention

__all__ = ["extract"]


def extract(doc: Doc, document: Document, clean: CleanText) -> Extraction:
    """Everything the rules find in one parsed document."""
    found = harmonize(
        propagate_names(doc, document.id, clean, find_mentions(doc, document.id, clean))
    )
    same = aliases(found)
    ctx = doc_context(doc, document.id, found, same)
    published = document.published or publication_date(document.text)
    facts = [
        *role_facts(ctx, clean),
        *service_facts(ctx, clean),
        *crew_facts(ctx, clean),
        *crew_list_facts(ctx, clean),
        *crew_table_facts(ctx, clean),
        *flight_facts(ctx, clean),
        *film_facts(ctx, clean),
        *place_facts(ctx, clean),
    ]
    if ctx.craft is not None and ctx.mission is not None and ctx.mission is not ctx.craft:
        # the crew of the craft an article is about also flew the mission it names
        craft, mission = ctx.craft.mention, ctx.mission.mention
        facts += [
            Fact(
                f.subject,
                f.predicate,
                mission,
                "mission-crew",
                f.confidence * 0.9,
                f.sentence,
                f.doc_id,
            )
            for f in facts
            if f.predicate == "crewMemberOf"
            and isinstance(f.object, Mention)
            and _same_name(f.object, craft)
        ]
    return Extraction(
        document=document,
        mentions=tuple(f.mention for f in found),
        facts=tuple(facts),
        events=tuple(events(ctx, published, clean)),
        aliases=tuple(same),
        title=document.title or headline(clean.text),
        published=published,
    )


def _same_name(a: Mention, b: Mention) -> bool:
    return (a.canonical or a.text).lower() == (b.canonical or b.text).lower()
