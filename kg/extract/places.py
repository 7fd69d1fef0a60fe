"""Places: locatedIn from "P in K" and "P, K" (not a list: "Russia, Kazakhstan and ...")."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.context import DocContext
from kg.lexicon import grammar
from kg.records import Fact
from kg.vocab import EntityType

PLACES: frozenset[EntityType] = frozenset({"Place"})


def place_facts(ctx: DocContext) -> Iterator[Fact]:
    """locatedIn from "P in K" and "P, K" (not a list: "Russia, Kazakhstan and ...")."""
    places = [f for f in ctx.found if f.mention.type == "Place"]
    for inner in places:
        doc, end = inner.span.doc, inner.span.end
        for outer in ctx.in_sentence(inner.span.sent, PLACES):  # its own sentence only
            if outer is inner:
                continue
            root = outer.span.root
            prep = root.head if root.dep_ == "pobj" else None  # "in Florida, USA": not USA
            # "the Baikonur Cosmodrome in Kazakhstan", however the parser attached the "in"
            if prep is not None and prep.lower_ == "in" and end in {prep.i, prep.head.i + 1}:
                yield ctx.fact(inner, "locatedIn", outer, "place-in-place", inner.span)
            elif (
                outer.span.start == end + 1
                and doc[end].text == ","
                and not _list_goes_on(outer.span.end, ctx)
            ):
                yield ctx.fact(inner, "locatedIn", outer, "place-comma-place", inner.span)


def _list_goes_on(index: int, ctx: DocContext) -> bool:
    """Whether a list continues at token ``index`` ("..., Kazakhstan and Ukraine", "..., X, Y")."""
    doc = ctx.doc
    if index >= len(doc):
        return False
    token = doc[index]
    if token.lower_ in grammar().list_joiners:
        return True
    return token.text == "," and index + 1 < len(doc) and ctx.at(doc[index + 1]) is not None
