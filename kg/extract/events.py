"""Events as n-ary records: a craft launching, with its crew and its launch site."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from kg.clean import CleanText
from kg.extract.mentions import Found
from kg.extract.relations import CRAFT_TYPES, sentence_span, verb_near
from kg.records import Event, Fact, Mention

LAUNCH_VERBS = frozenset({"launch", "lift", "blast", "take", "liftoff", "lift-off"})
_NEEDS_OFF = frozenset({"lift", "blast", "take"})


def _is_launch_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or lemma not in LAUNCH_VERBS:
        return False
    return lemma not in _NEEDS_OFF or any(c.lower_ == "off" for c in token.children)


def launch_events(
    found: Sequence[Found], crew: Sequence[Fact], clean: CleanText
) -> Iterator[Event]:
    """Launch of a craft that is the subject of (or heads) a launch verb in its sentence;
    its participants are the crew facts found for that craft."""
    for craft in found:
        if craft.mention.type not in CRAFT_TYPES or not verb_near(craft, _is_launch_verb):
            continue
        sent = craft.span.sent
        participants = tuple(dict.fromkeys(f.subject for f in crew if f.object == craft.mention))
        sites = [
            f.mention
            for f in found
            if f.mention.type == "Place" and f.span.sent == sent and _after_from_or_at(f)
        ]
        location: Mention | None = sites[0] if sites else None
        yield Event(
            doc_id=craft.mention.doc_id,
            type="Launch",
            rule="launch-verb",
            confidence=0.7,
            sentence=sentence_span(sent, clean),
            vehicle=craft.mention,
            location=location,
            participants=participants,
        )


def _after_from_or_at(place: Found) -> bool:
    head = place.span.root.head
    return head.dep_ in {"prep", "agent"} and head.lower_ in {"from", "at"}
