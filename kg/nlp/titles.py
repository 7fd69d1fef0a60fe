"""Titles of works the model misses: quoted after a work noun or a title verb, unquoted
after a title cue ("titled X"), in apposition to a work noun, defined as a work, or
followed by their year ("The Dream Is Alive (1985)"), and the glosses of titles."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.lexicon import context, grammar, triggers
from kg.nlp.labels import entity_type
from kg.nlp.names import name_run_after
from kg.nlp.tokens import MAX_TITLE_TOKENS, OPEN_QUOTES, quoted_after, translated_title
from kg.vocab import is_a


def titles(doc: Doc) -> list[Span]:
    """Every title the rules of this module find, in their order of priority."""
    return _cued_titles(doc) + _appositive_titles(doc) + _defined_titles(doc) + _dated_titles(doc)


def _cued_titles(doc: Doc) -> list[Span]:
    """Titles of works: quoted next to a work noun or a title cue, or unquoted after a cue."""
    cues, words = context(), triggers()
    found: list[Span] = []
    for token in doc:
        if token.text in OPEN_QUOTES:
            title = quoted_after(doc, token.i)
            if title is None:
                continue
            before = {t.lower_ for t in doc[max(0, token.i - 3) : token.i]}
            after = doc[title.end + 1].lower_ if title.end + 1 < len(doc) else ""
            verb = token.i > 0 and doc[token.i - 1].lemma_.lower() in words.title_verbs
            # 'In "X", Y will play'
            plays = any(t.lemma_.lower() in words.title_play_verbs for t in token.sent)
            if (
                before & (cues.work_nouns | cues.title_cues)
                or after in cues.work_nouns
                or verb
                or plays
            ):
                found.append(Span(doc, title.start, title.end, label="WORK_OF_ART"))
        elif (
            token.lower_ in cues.title_cues
            and token.i + 1 < len(doc)
            and doc[token.i + 1].text not in OPEN_QUOTES
        ):
            window = {t.lower_ for t in token.sent}
            if window & cues.work_nouns:
                run = name_run_after(doc, token.i + 1, allow_article=True)
                if run is not None and len(run) <= MAX_TITLE_TOKENS:
                    found.append(Span(doc, run.start, run.end, label="WORK_OF_ART"))
    return found


def title_before(doc: Doc, end: int) -> Span | None:
    """A title-case title ending before ``end``, small words allowed inside ("Apogee of Fear")."""
    small = grammar().title_small_words
    start = end
    while start > 0:
        token = doc[start - 1]
        titled = token.is_title or token.is_upper or token.like_num
        joiner = token.lower_ in small and start < end and start >= 2 and doc[start - 2].is_title
        if not (titled or joiner):
            break
        start -= 1
        if token.is_sent_start:
            break
    while start < end and doc[start].lower_ in small - grammar().articles:
        start += 1
    return doc[start:end] if start < end and doc[start].is_title else None


def _appositive_titles(doc: Doc) -> list[Span]:
    """ "shot Apogee of Fear, a short science fiction film": a name in apposition to a work noun."""
    found: list[Span] = []
    for token in doc:
        if token.dep_ != "appos" or token.lemma_.lower() not in context().work_nouns:
            continue
        left = token.left_edge.i
        if left > 0 and doc[left - 1].text == ",":
            title = title_before(doc, left - 1)
            if (
                title is not None
                and len(title) <= MAX_TITLE_TOKENS
                and not any(t.ent_type_ == "PERSON" for t in title)
            ):
                found.append(Span(doc, title.start, title.end, label="WORK_OF_ART"))
    return found


def _defined_titles(doc: Doc) -> list[Span]:
    """ "A Beautiful Planet is a 2016 American documentary film": the subject an article
    defines as a work is a title."""
    found: list[Span] = []
    for verb in doc:
        if verb.lemma_ != "be" or not any(
            c.dep_ == "attr" and c.lemma_.lower() in context().work_nouns for c in verb.children
        ):
            continue
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            span = doc[subject.left_edge.i : subject.i + 1]
            if _title_like(span, defined=True):
                found.append(Span(doc, span.start, span.end, label="WORK_OF_ART"))
    return found


def _dated_titles(doc: Doc) -> list[Span]:
    """ "The Dream Is Alive (1985)", "Hubble 3D (2010)": a title with its year, in a sentence
    about making or showing works."""
    found: list[Span] = []
    words = triggers()
    cues = context().work_nouns | words.title_verbs | words.dated_title_verbs
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        year = doc[token.i + 1].text
        if not (year.isdigit() and len(year) == 4):
            continue
        if not {t.lemma_.lower() for t in token.sent} & cues:
            continue
        title = title_before(doc, token.i)
        if title is not None and _title_like(title):
            found.append(Span(doc, title.start, title.end, label="WORK_OF_ART"))
    return found


def _title_like(span: Span, *, defined: bool = False) -> bool:
    """Title-case words (small words allowed inside), no more than a title's length, and
    not a name the model is sure is a person, place or organization; a title the text
    defines as a work ("X is a documentary film") overrules all but a person."""
    if not 1 <= len(span) <= MAX_TITLE_TOKENS or not (span[0].is_title or span[0].is_upper):
        return False
    kinds = {"PERSON"} if defined else {"PERSON", "GPE", "ORG", "NORP"}
    if any(t.ent_type_ in kinds or t.pos_ == "PRON" for t in span):
        return False
    small = grammar().title_small_words
    return all(t.is_title or t.is_upper or t.lower_ in small or t.like_num for t in span)


def glosses(spans: list[Span]) -> list[Span]:
    """The translated titles of works: a work's gloss is a work too."""
    found: list[Span] = []
    for span in spans:
        cls = entity_type(span.label_)  # a work's, from the model, context or the ruler
        if cls is not None and is_a(cls, "CreativeWork"):
            gloss = translated_title(span)
            if gloss is not None:
                found.append(Span(span.doc, gloss.start, gloss.end, label=span.label_))
    return found
