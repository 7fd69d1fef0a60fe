"""Names by their shape and the words around them: runs of title-case words, people by a
first name or a role noun before them, names a descriptor introduces, crew-table lines.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.lexicon import context, grammar
from kg.nlp.labels import CONTEXT_LABELS
from kg.nlp.tokens import BULLETS, is_given_name, match_after, role_before, role_ending_at

POSSESSIVES = frozenset({"'s", "’s"})


def name_token(token: Token) -> bool:
    """A word that can be part of a proper name in running text."""
    if token.ent_type_ == "NORP" or not (
        token.is_title or token.is_upper or any(c.isdigit() for c in token.text)
    ):
        return False
    return token.pos_ in {"PROPN", "ADJ", "NOUN", "NUM", ""}


def _joins(token: Token) -> bool:
    return token.text in grammar().name_joiners


def name_run_after(doc: Doc, start: int, *, allow_article: bool = False) -> Span | None:
    """Title-case words (joined by commas and "and") from ``start``: "Red, Green and Blue".

    With ``allow_article`` a title may open with "The", "A" or "An" ("The Long Night").
    """
    end = start
    if (
        allow_article
        and start + 1 < len(doc)
        and doc[start].is_title
        and doc[start].lower_ in grammar().articles
    ):
        end += 1
    while end < len(doc):
        token = doc[end]
        if (
            name_token(token) and not (token.ent_type_ and token.ent_iob_ == "B" and end > start)
        ) or (_joins(token) and end + 1 < len(doc) and name_token(doc[end + 1]) and end > start):
            end += 1
        else:
            break
    while end > start and _joins(doc[end - 1]):
        end -= 1
    return doc[start:end] if end > start else None


def name_run_before(doc: Doc, end: int) -> Span | None:
    """Title-case words (joined by commas and "and") ending right before ``end``."""
    start = end
    while start > 0:
        token = doc[start - 1]
        if (name_token(token) and not token.ent_type_) or (
            _joins(token) and start < end and start - 2 >= 0 and name_token(doc[start - 2])
        ):
            start -= 1
        else:
            break
    while start < end and _joins(doc[start]):
        start += 1
    return doc[start:end] if end > start else None


def looks_like_person(span: Span) -> bool:
    """Two or three capitalized words that open with a known first name, or end with a
    family name of a known shape ("Hazzaa AlMansoori"), and end with no word that ends
    names of places and organizations ("... Space Center")."""
    words = [t for t in span if not t.is_punct and t.lower_ not in POSSESSIVES]
    # "AlNeyadi", "McBride": a capital first letter is enough
    if not 2 <= len(words) <= 3 or not all(t.is_alpha and t.text[0].isupper() for t in words):
        return False
    first, last = words[0], words[-1]
    cues = context()
    if last.lower_ in cues.name_end_words or first.lower_ in grammar().name_particles:
        return False
    return is_given_name(first.text) or any(p.fullmatch(last.text) for p in cues.family_names)


def named_after_role(span: Span) -> bool:
    """ "billionaire Yusaku Maezawa", "mission specialists Eytan Stibbe": a role noun right
    before a title-case name marks a person."""
    words = [t for t in span if t.lower_ != "of"]
    if not words or not all(t.is_title for t in words if t.is_alpha):
        return False
    return role_before(span.doc, span.start) is not None


def descriptor_names(doc: Doc) -> list[Span]:
    """Names a descriptor introduces: "film studio Red, Green and Blue", "the X film studio"."""
    found: list[Span] = []
    cues = context()
    for token in doc:
        match = match_after(doc, token.i, cues.descriptors)
        if match is not None:
            cls, length = match
            run = name_run_after(doc, token.i + length)
            if run is not None and not looks_like_person(run):  # "the broadcaster Walter Cronkite"
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[cls]))
        match = match_after(doc, token.i, cues.head_nouns)
        if match is not None and token.i > 0 and not doc[token.i - 1].ent_type_:
            run = name_run_before(doc, token.i)
            # "the STS-41 mission", not "the 190-day mission": a name has a capital
            if run is not None and not run[0].is_sent_start and not run.text.islower():
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[match[0]]))
    return found


def listed_people(doc: Doc) -> list[Span]:
    """Crew tables: "- Maksim Surayev (Roscosmos) – commander". A list item that opens with
    a capitalized name and gives a role noun later names a person, whatever the model says
    (it often misses names on such lines)."""
    found: list[Span] = []
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 4 or tokens[0].text not in BULLETS:
            continue
        end = 1
        while (
            end < len(tokens)
            and end <= 4
            and tokens[end].is_alpha
            and tokens[end].text[0].isupper()
        ):
            end += 1
        rest = tokens[end:]
        has_role = any(role_ending_at(rest[:n]) for n in range(1, len(rest) + 1))
        if 3 <= end <= 4 and has_role and (not rest or rest[0].text in {"(", ",", ":", *BULLETS}):
            found.append(Span(doc, tokens[1].i, tokens[end - 1].i + 1, label="PERSON"))
    return found
