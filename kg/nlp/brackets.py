"""What brackets after a name say: an acronym it is known by ("Inertial Upper Stage (IUS)")
or another name ("Baikonur Cosmodrome (then known as Tyuratam)"), either of the name's
class."""

from __future__ import annotations

from spacy.tokens import Span

from kg.lexicon import triggers
from kg.nlp.labels import CONTEXT_LABELS, RULER_LABELS, entity_type
from kg.nlp.spans import without_overlaps

MAX_ALIAS_GAP = 3
"""Words in brackets before the other name a thing is known by: "(then known as"."""


def known_as(spans: list[Span]) -> list[Span]:
    """The other name in brackets after a name is of its class: "the Baikonur Cosmodrome
    (then known as Tyuratam)"."""
    by_start = {s.start: s for s in spans}
    result = list(spans)
    for span in spans:
        cls = entity_type(span.label_)
        other = by_start.get(other_name_start(span) or -1)
        if cls is None or other is None or other.label_ in RULER_LABELS:
            continue
        if entity_type(other.label_) != cls:
            result[result.index(other)] = Span(
                span.doc, other.start, other.end, label=CONTEXT_LABELS[cls]
            )
    return result


def other_name_start(span: Span) -> int | None:
    """Where the other name in brackets after ``span`` starts: "X (also known as Y)", "X
    (then called Y)"; None when there is none."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != "(":
        return None
    cues = triggers().also_cues
    window = doc[span.end + 1 : min(len(doc), span.end + 2 + MAX_ALIAS_GAP)]
    cue = next((t for t in window if t.lower_ in cues), None)
    if cue is None or not all(t.is_lower for t in doc[span.end + 1 : cue.i]):
        return None
    return cue.i + 2 if cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "as" else cue.i + 1


MAX_ACRONYM_TOKENS = 3


def with_acronyms(spans: list[Span]) -> list[Span]:
    """An acronym in brackets after a name ("Inertial Upper Stage (IUS)") is a name of the
    same class, there and wherever the document uses it outside a name kg's ruler knows."""
    if not spans:
        return spans
    doc = spans[0].doc
    labels: dict[str, str] = {}
    for span in spans:
        acronym = acronym_after(span)
        cls = entity_type(span.label_)
        if acronym is not None and cls is not None:
            labels.setdefault(acronym.text, CONTEXT_LABELS[cls])
    if not labels:
        return spans
    typed = [
        Span(doc, s.start, s.end, label=labels[s.text])
        if s.text in labels and s.label_ not in RULER_LABELS
        else s
        for s in spans
    ]
    taken = {i for s in spans for i in range(s.start, s.end)}
    for token in doc:
        for length in range(1, MAX_ACRONYM_TOKENS + 1):
            piece = doc[token.i : token.i + length]
            if piece.text in labels and not taken.intersection(range(piece.start, piece.end)):
                typed.append(Span(doc, piece.start, piece.end, label=labels[piece.text]))
                taken.update(range(piece.start, piece.end))
    return without_overlaps(typed)


def acronym_after(span: Span) -> Span | None:
    """ "(IUS)" after "Inertial Upper Stage": capitals in brackets that spell some of the
    name's capitals in order."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != "(":
        return None
    close = next(
        (i for i in range(span.end + 2, min(len(doc), span.end + 2 + MAX_ACRONYM_TOKENS))
         if doc[i].text == ")"),
        None,
    )  # fmt: skip
    if close is None:
        return None
    inner = doc[span.end + 1 : close]
    letters = [c for c in inner.text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters) or " " in inner.text:
        return None
    if any(c.isdigit() and c not in span.text for c in inner.text):
        return None  # "the Space Transportation System (STS-109)": one flight of it, no acronym
    return inner if spells("".join(letters), span.text) else None


def spells(acronym: str, name: str) -> bool:
    """Whether an acronym abbreviates a name: its letters are some of the name's capitals
    in order ("IUS", "Inertial Upper Stage"), or, opening with the name's first letter,
    letters of its words in order ("NORAV", "National Orbital Research Agency of Vandoria")."""
    capitals = iter(c for c in name if c.isupper())
    if all(c in capitals for c in acronym):
        return True
    words = [w for w in name.split() if w[:1].isupper()]
    if not words or acronym[:1] != words[0][:1] or len(words) > len(acronym):
        return False
    rest = iter(" ".join(words)[1:].lower())
    return all(c in rest for c in acronym[1:].lower()) and acronym[-1].lower() in words[-1].lower()
