"""Names of experiments, payloads and instruments, which the ontology does not hold: the
model types them as organizations ("Protein Crystal Growth", "MicroFlow")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.lexicon import grammar, payload_cues
from kg.nlp.names import POSSESSIVES
from kg.nlp.spans import line_start
from kg.nlp.tokens import singulars


def names_a_payload(span: Span) -> bool:
    """Whether a name is an experiment's or a payload's: listed after a payload noun and a
    listing verb ("experiments included the Aquatic Research Facility"), given as an example
    of one ("experiments like MicroFlow"), defined as one ("a DSO is an investigation"),
    after a payload modifier ("the experimental Space Vision System"), or in a field
    whose label has a payload noun ("Secondary payloads: Protein Crystal Growth (PCG); ...")."""
    cues = payload_cues()
    doc, sent = span.doc, span.sent

    def payload(token: Token) -> bool:
        return token.lemma_.lower() in cues.nouns or singulars(token)[-1] in cues.nouns

    if span[-1].lower_ in cues.owners:
        return False  # "the University of Tokyo", "the Space Science Institute": an owner
    if span.start > 0 and doc[span.start - 1].lower_ in cues.modifiers:
        return True
    if span.end < len(doc) and doc[span.end].is_lower and payload(doc[span.end]):
        return True  # "the Time Perception study"
    # the name before a bracket: "Root Growth Experiment (SPOREX-2"
    bracket = next((t.i for t in span if t.text == "("), span.end)
    last = doc[bracket - 1] if bracket > span.start else span[-1]
    if len(span) > 1 and last.is_title and payload(last):
        return True  # "the Capillary Flow Experiment", "... Experiment (SPOREX-2)"
    after = doc[span.end : span.end + 1]
    joined = after and after[0].lower_ in grammar().list_joiners
    if joined and _payload_name_after(span.end + 1, doc):
        return True  # "the Chromosome and Plant Cell Division Experiment"
    root = span.root
    if root.dep_ == "nsubj" and any(c.dep_ == "attr" and payload(c) for c in root.head.children):
        return True
    if span[-1].text in POSSESSIVES or (span.end < len(doc) and doc[span.end].text in POSSESSIVES):
        return False  # "the National Research Council's experimental X" owns a payload
    for token in doc[sent.start : span.start]:
        listing = token.lemma_.lower() in cues.listing_verbs and token.pos_ in {"VERB", "AUX"}
        if listing and any(c.dep_ in {"nsubj", "nsubjpass"} and payload(c) for c in token.children):
            return True
        before = [t for t in doc[max(0, token.i - 2) : token.i] if not t.is_punct]
        if token.lower_ in cues.examples and before and payload(before[-1]):
            return True  # "experiments like X", "experiments, including X"
    start = line_start(doc, span.start)
    colon = next((t.i for t in doc[start : span.start] if t.text == ":"), None)
    return colon is not None and any(payload(t) for t in doc[start:colon])


def _payload_name_after(index: int, doc: Doc) -> bool:
    """Whether the capitalized words from ``index`` end in a capitalized payload noun: the
    rest of one name ("Chromosome and Plant Cell Division Experiment")."""
    nouns = payload_cues().nouns
    end = index
    while end < len(doc) and doc[end].is_title:
        end += 1
    last = doc[end - 1] if end > index else None
    return last is not None and (last.lemma_.lower() in nouns or singulars(last)[-1] in nouns)
