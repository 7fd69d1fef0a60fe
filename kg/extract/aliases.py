"""Aliases: names the text itself says name the same thing.

"International Space Station (ISS)", "‘Vyzov’, which means ‘Challenge’", "Surayev, whose
name is also transliterated as Maxim Suraev", "Roscosmos, the Russian Space Agency".
"""

from __future__ import annotations

from kg.extract.context import Found
from kg.lexicon import triggers
from kg.nlp.brackets import spells
from kg.nlp.tokens import translated_title
from kg.records import Alias
from kg.vocab import EntityType, is_a

_APPOSED_TYPES: frozenset[EntityType] = frozenset({"Organization", "Place"})
"""Types whose "X, the Y" apposition gives a second name (a person's gives a role)."""


def _also_named(found: Found, by_start: dict[int, Found]) -> Found | None:
    """The name after "also known as", "(also transliterated X)", "whose name is also
    spelled X", within a few words of ``found``."""
    doc, sent = found.span.doc, found.span.sent
    window = doc[found.span.end : min(sent.end, found.span.end + 8)]
    cues = triggers().also_cues
    for token in window:
        if token.lower_ == "also" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in cues:
            start = token.i + 2
            if start < len(doc) and doc[start].lower_ == "as":
                start += 1
            return by_start.get(start)
    return None


def aliases(found: list[Found]) -> list[Alias]:
    """Names the text equates: an acronym in parentheses after its long form, a quoted
    gloss after a title ("‘Zvezda’, which means ‘Star’"), "X, the Y" appositions."""
    by_start = {f.span.start: f for f in found}
    result: list[Alias] = []
    for f in found:
        doc, end = f.span.doc, f.span.end
        # "International Space Station (ISS)", "(ISS; the station)"
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text in {")", ";"}:
            other = by_start.get(end + 1)
            if (
                other is not None
                and other.span.text.isupper()
                and spells(other.span.text, f.span.text)
            ):
                result.append(Alias(f.mention, other.mention, "acronym"))
        if is_a(f.mention.type, "CreativeWork"):
            gloss = translated_title(f.span)
            other = by_start.get(gloss.start) if gloss is not None else None
            if other is not None and other.mention.type == f.mention.type:
                result.append(Alias(f.mention, other.mention, "title-gloss"))
        # "Surayev, whose name is also transliterated as Maxim Suraev"
        other = _also_named(f, by_start)
        if other is not None and other.mention.type == f.mention.type:
            result.append(Alias(f.mention, other.mention, "also-named"))
        # "Roscosmos, the Russian Space Agency," (not a list: no further comma or "and" name)
        if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "the":
            other = by_start.get(end + 2)
            after = other.span.end if other is not None else 0
            if (
                other is not None
                and other.mention.type == f.mention.type
                and f.mention.type in _APPOSED_TYPES
                and not (
                    after + 1 < len(doc)
                    and (doc[after].text == "," or doc[after].text == "and")
                    and (after + 1) in by_start
                )
                and not (after < len(doc) and doc[after].lower_ == "and")
            ):
                result.append(Alias(f.mention, other.mention, "apposition"))
    return result
