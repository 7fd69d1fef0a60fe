"""Titles of works the model misses: quoted after a work noun or a title verb, unquoted
after a title cue ("titled X"), in apposition to a work noun, defined as a work, followed
by their year ("The Dream Is Alive (1985)"), named right after a work noun ("the
documentary Deep Field"), listed after a cue ("her films include A (2015), B and C",
"known for A and B", "starred in A", "went on to direct A (2002) and B (2010)") or on the
lines of a filmography; every other place the text repeats a title; and the glosses of
titles.

A title is plain title-case text, so the model often calls it a person or an
organization; these rules overrule it unless the words look like a person's name (a
known first name) or the ruler knows them.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.lexicon import context, grammar, triggers
from kg.nlp.labels import RULER_LABELS, entity_type
from kg.nlp.names import looks_like_person, name_run_after, named_after_role
from kg.nlp.spans import sentence_end
from kg.nlp.tokens import (
    BULLETS,
    CLOSE_QUOTES,
    MAX_TITLE_TOKENS,
    OPEN_QUOTES,
    quoted_after,
    singulars,
    translated_title,
)
from kg.vocab import is_a

_NOT_TITLE_LABELS = RULER_LABELS | frozenset(
    {"GPE", "LOC", "NORP", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
)
"""Labels no title carries: the ruler's certainties, places, nationalities and amounts."""
_INNER_MARKS = frozenset({":", "-", "–", "'", "’", "!", "?", "&", "."})
"""Punctuation a title may hold between its words ("Countdown: Inspiration4", "Hubble 3-D")."""
_ITEM_ENDS = frozenset({"ADP", "SCONJ", "CCONJ", "AUX", "VERB", "PART", "PUNCT", "SPACE"})
"""What may follow a listed title; a noun after it would make it a modifier ("Earth images")."""
_WORK_PHRASE = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "CCONJ", "ADV", "PUNCT"})
"""What may stand between "is" and the work noun of a definition ("a 1985 American film")."""
WORK = "WORK_OF_ART"


def titles(doc: Doc) -> list[Span]:
    """Every title the rules of this module find, in their order of priority, then the
    other places the text repeats them."""
    found = (
        _cued_titles(doc)
        + _appositive_titles(doc)
        + _defined_titles(doc)
        + _dated_titles(doc)
        + _listed_titles(doc)
        + _credited_titles(doc)
        + _titles_after_work_phrase(doc)
        + _filmography_lines(doc)
    )
    return found + _repeated_titles(doc, found)


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
            if before & (_kinds() | cues.title_cues) or after in _kinds() or verb or plays:
                found.append(Span(doc, title.start, title.end, label=WORK))
        elif (
            token.lower_ in cues.title_cues
            and token.i + 1 < len(doc)
            and doc[token.i + 1].text not in OPEN_QUOTES
        ):
            window = {t.lower_ for t in token.sent}
            if window & _kinds():
                run = name_run_after(doc, token.i + 1, allow_article=True)
                if run is not None and len(run) <= MAX_TITLE_TOKENS:
                    found.append(Span(doc, run.start, run.end, label=WORK))
    return found


def _title_word(token: Token) -> bool:
    """A word that can stand in a title on its own right: capitalized, a number, or a
    number-letter form ("3D", "Inspiration4")."""
    text = token.text
    return (
        token.is_title
        or token.is_upper
        or token.like_num
        or (text[:1].isupper() and any(c.isalpha() for c in text))
        or (text[:1].isdigit() and any(c.isalpha() for c in text))
    )


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


def title_after(doc: Doc, start: int, *, joins: bool = True) -> Span | None:
    """A title-case title starting at ``start`` and ending at the line or the sentence:
    small words and marks allowed inside ("Countdown: Inspiration4 Mission to Space"),
    but, without ``joins``, not "and" or "or", which part the titles of a list."""
    if start >= len(doc) or not _title_word(doc[start]) or doc[start].is_punct:
        return None
    small = grammar().title_small_words
    if not joins:
        small = small - grammar().list_joiners
    end = start + 1
    while end < len(doc) and end - start < MAX_TITLE_TOKENS:
        token, before = doc[end], doc[end - 1]
        if token.is_sent_start or "\n" in before.whitespace_ or token.is_space:
            break
        if _title_word(token) and not token.is_punct:
            end += 1
            continue
        inner = token.lower_ in small or (token.text in _INNER_MARKS and not before.whitespace_)
        if inner and end + 1 < len(doc) and _title_word(doc[end + 1]):
            end += 1
            continue
        break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in small):
        end -= 1
    return doc[start:end] if end > start else None


def _appositive_titles(doc: Doc) -> list[Span]:
    """ "shot Apogee of Fear, a short science fiction film", 'hosted "Moving Stars", a
    two-hour webcast': a name in apposition to a work noun."""
    found: list[Span] = []
    for token in doc:
        if token.dep_ != "appos" or not is_work_noun(token):
            continue
        left = token.left_edge.i
        if left > 0 and doc[left - 1].text == ",":
            title = _quoted_before(doc, left - 1) or title_before(doc, left - 1)
            if (
                title is not None
                and len(title) <= MAX_TITLE_TOKENS
                and not any(t.ent_type_ == "PERSON" for t in title)
            ):
                found.append(Span(doc, title.start, title.end, label=WORK))
    return found


def _quoted_before(doc: Doc, end: int) -> Span | None:
    """The quoted title that closes right before token ``end``: '"Moving Stars", a ...'."""
    if end < 2 or doc[end - 1].text not in CLOSE_QUOTES:
        return None
    for start in range(end - 2, max(-1, end - 2 - MAX_TITLE_TOKENS), -1):
        if doc[start].text in OPEN_QUOTES:
            title = quoted_after(doc, start)
            return title if title is not None and title.end == end - 1 else None
    return None


def _defined_titles(doc: Doc) -> list[Span]:
    """ "A Beautiful Planet is a 2016 American documentary film": the subject an article
    defines as a work is a title. The subject is read from the parse, or as the title-case
    words the sentence opens with (the parse breaks on a title that holds a verb: "The
    Dream Is Alive is a 1985 documentary film")."""
    found: list[Span] = []
    for verb in doc:
        if verb.lemma_ != "be" or not verb.is_lower:
            continue
        if not _defines_a_work(verb):
            continue
        spans = [doc[s.left_edge.i : s.i + 1] for s in verb.children if s.dep_ == "nsubj"]
        opening = _opening_words(verb)
        if opening is not None:
            spans.append(opening)
        for span in spans:
            if _title_like(span, defined=True):
                found.append(Span(doc, span.start, span.end, label=WORK))
    return found


def _defines_a_work(verb: Token) -> bool:
    """Whether the noun phrase after a copula ends in a work noun ("is a 1985 American
    documentary film about ...", not "is a film director")."""
    last_noun: Token | None = None
    for token in verb.doc[verb.i + 1 : verb.i + 1 + MAX_TITLE_TOKENS]:
        if token.pos_ not in _WORK_PHRASE or (token.is_punct and token.text != "-"):
            break
        if token.pos_ in {"NOUN", "PROPN"}:
            last_noun = token
    return last_noun is not None and last_noun.is_lower and is_work_noun(last_noun)


def _opening_words(verb: Token) -> Span | None:
    """The title-case words from the start of the copula's sentence up to it."""
    doc, start, end = verb.doc, verb.sent.start, verb.i
    while start < end and (doc[start].text in OPEN_QUOTES or doc[start].is_space):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    title = title_after(doc, start) if start < end else None
    return title if title is not None and title.end == end else None


def _dated_titles(doc: Doc) -> list[Span]:
    """ "The Dream Is Alive (1985)", "Hubble 3D (2010)": a title with its year, in a sentence
    about making or showing works, or anywhere in a text that speaks of works unless the
    words are no title's (a role before them, a place, a date)."""
    found: list[Span] = []
    words = triggers()
    cues = _kinds() | words.title_verbs | words.dated_title_verbs
    cues |= words.acting_verbs | words.acting_in_verbs
    about_works = _about_works(doc)
    for token in doc:
        if not _year_at(doc, token.i):
            continue
        title = title_before(doc, token.i)
        if title is None:
            continue
        if {t.lemma_.lower() for t in token.sent} & cues:
            if _title_like(title):
                found.append(Span(doc, title.start, title.end, label=WORK))
        elif about_works and _title_like(title, defined=True) and _not_a_name(title, dated=True):
            found.append(Span(doc, title.start, title.end, label=WORK))  # "seeing her in F (2016)"
    return found


def _year_at(doc: Doc, i: int) -> bool:
    """Whether a parenthesis that gives a year starts at token ``i``: "(1985)", "(UK,
    2009)", "(2013 film)"."""
    return _dated_end(doc, i) is not None


def _dated_end(doc: Doc, i: int) -> int | None:
    """Where a parenthesis that gives a year and nothing but names, marks and work nouns
    ends (the token after its ")"), if one starts at token ``i``; "(born 1980)" gives none."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    year = False
    for j in range(i + 1, min(len(doc), i + MAX_TITLE_TOKENS)):
        token = doc[j]
        if token.text == ")":
            return j + 1 if year else None
        if token.text.isdigit() and len(token.text) == 4:
            year = True
        elif not (token.is_punct or _title_word(token) or is_work_noun(token)):
            return None
    return None


def _gloss_end(doc: Doc, i: int) -> int | None:
    """Where a bracketed gloss of a title ends (the token after its ")"), if one starts at
    token ``i``: "(Kitakaze)", a few capitalized words and nothing else."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    for j in range(i + 1, min(len(doc), i + MAX_TITLE_TOKENS)):
        if doc[j].text == ")":
            return j + 1 if j > i + 1 else None
        if not (doc[j].text[:1].isupper() or doc[j].text in _INNER_MARKS):
            return None
    return None


def _ruled(span: Span) -> bool:
    """Whether the domain ruler names a word of the span (its names win anyway)."""
    return any(t.ent_type_ in RULER_LABELS for t in span)


def _opening_parenthesis(doc: Doc, end: int) -> int | None:
    """The start of the dated parenthesis that ends right before ``end``, if one does."""
    if end <= 0 or doc[end - 1].text != ")":
        return None
    for i in range(end - 2, max(-1, end - 1 - MAX_TITLE_TOKENS), -1):
        if doc[i].text == "(":
            return i if _dated_end(doc, i) == end else None
    return None


def _title_like(span: Span, *, defined: bool = False) -> bool:
    """Title-case words (small words allowed inside), no more than a title's length, and
    not a name the model is sure is a person, place or organization; a title the text
    defines as a work ("X is a documentary film") overrules all but a person's name."""
    if not 1 <= len(span) <= MAX_TITLE_TOKENS or not (span[0].is_title or span[0].is_upper):
        return False
    if any(t.pos_ == "PRON" for t in span):
        return False
    if defined:
        if not _not_a_name(span, strict=False):
            return False
    elif any(t.ent_type_ in {"PERSON", "GPE", "ORG", "NORP"} for t in span):
        return False
    small = grammar().title_small_words
    return (
        all(_title_word(t) or t.lower_ in small or t.text in _INNER_MARKS for t in span)
        and not span[-1].is_punct
    )


def _not_a_name(span: Span, *, strict: bool = True, dated: bool = False) -> bool:
    """Whether a title-case span, set as a title by its context, is free to be one: no role
    noun before it ("astronaut Frank Lee"), not a name the model calls a person that opens
    with a first name (the list of first names holds "Night" and "Deep", so the shape
    alone is no proof; a year after the words is proof enough of a work) and, ``strict``,
    nothing the ruler knows, no place, nationality, date or amount."""
    if strict and any(t.ent_type_ in _NOT_TITLE_LABELS for t in span):
        return False
    if named_after_role(span):
        return False
    person = any(t.ent_type_ == "PERSON" for t in span) and looks_like_person(span)
    return dated or not person


# ---------------------------------------------------------------------------- lists of titles


def _listed_titles(doc: Doc) -> list[Span]:
    """Titles after a cue, one or several ("A (2015), B and C"): after an acting verb and
    "in", a credit noun and "in", "known for", "such as", "include" after a work or credit
    noun, a work noun ("the documentary Deep Field"), or a verb of making a work ("went on
    to direct A (2002) and B (2010)")."""
    found: list[Span] = []
    about_works = _about_works(doc)
    for token in doc:
        start = _list_start(token)
        if start is None:
            continue
        # right after a work noun the model's place or group is a title ("the film
        # Quiet Harbor"); never the ruler's names
        listed = _title_list(doc, start, strict=not _work_noun_cue(token))
        # a weak cue needs a text that speaks of works, or a year to a title it lists
        if about_works or _strong_cue(token) or any(_year_at(doc, s.end) for s in listed):
            found += [Span(doc, s.start, s.end, label=WORK) for s in listed]
    return found


def _list_start(token: Token) -> int | None:
    """Where a list of titles cued by ``token`` would start, if ``token`` cues one."""
    doc, words = token.doc, triggers()
    nxt = token.i + 1
    if nxt >= len(doc) or not token.is_lower:
        return None
    base = token.lemma_.lower()
    if token.pos_ == "NOUN" and is_work_noun(token):
        # "two of her films, A (gloss) and B", "his film, A, was released"
        if doc[nxt].text == "," and any(c.dep_ == "poss" for c in token.children):
            return nxt + 1
        return nxt
    if token.lower_ in words.cast_nouns and doc[nxt].lower_ == "of":  # "the cast of F"
        return nxt + 1
    if (base in words.acting_in_verbs or token.lower_ in words.credit_nouns) and doc[
        nxt
    ].lower_ == "in":
        return nxt + 1
    if token.lower_ == "in" and _acting_verb_above(token):  # "played the commander in F"
        return nxt
    if token.pos_ == "VERB" and base in words.title_verbs | words.dated_title_verbs:
        return nxt
    for phrase in title_cues_by_first_word().get(token.lower_, ()):
        end = token.i + len(phrase)
        if [t.lower_ for t in doc[token.i : end]] != list(phrase):
            continue
        if phrase[-1] == "for" or _after_credit_noun(token):
            return end
    return None


@cache
def title_cues_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The title list cues by their first word, so a word that opens none costs a lookup."""
    cues: dict[str, list[tuple[str, ...]]] = {}
    for cue in triggers().title_list_cues:
        phrase = tuple(cue.split())
        cues.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(phrases) for word, phrases in cues.items()}


def _work_noun_cue(token: Token) -> bool:
    """A work noun right before its titles, or before "such as" ("films such as")."""
    if token.pos_ == "NOUN" and is_work_noun(token):
        return True
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.text == ",":  # "space films, such as A"
        before = token.doc[token.i - 2] if token.i > 1 else None
    return before is not None and before.pos_ == "NOUN" and is_work_noun(before)


def _strong_cue(token: Token) -> bool:
    """A cue that needs no other sign of works: a work noun ("the documentary Deep
    Field"), "the cast of", "starred in"; not "played a key role in Mission Control"."""
    words = triggers()
    base = token.lemma_.lower()
    return (
        (token.pos_ == "NOUN" and is_work_noun(token))
        or token.lower_ in words.cast_nouns
        or (base in words.acting_in_verbs and base in words.cast_verbs)
    )


def _about_works(doc: Doc) -> bool:
    """Whether a text speaks of works: it has a lower-case work or genre noun ("film",
    "documentaries", "thriller")."""
    return any(t.is_lower and is_work_noun(t) for t in doc)


def _acting_verb_above(token: Token) -> bool:
    """Whether an acting verb governs ``token`` ("played the commander in ...")."""
    acting = triggers().acting_verbs | triggers().acting_in_verbs
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token.lemma_.lower() in acting
    return False


def _credited_titles(doc: Doc) -> list[Span]:
    """ "Night Orbit, starring Jane Roe", "Deep Field (2010), directed by Ann Lee": the
    title-case words a sentence opens with, right before a credit."""
    words = triggers()
    found: list[Span] = []
    for token in doc:
        if token.text != "," or token.i + 2 >= len(doc):
            continue
        after = doc[token.i + 1]
        credit = after.lower_ in words.starring_words or (
            after.lemma_.lower() in words.making_verbs and doc[token.i + 2].lower_ == "by"
        )
        if not credit:
            continue
        opening = _opening_parenthesis(doc, token.i)
        end = opening if opening is not None else token.i
        title = title_before(doc, end)
        if (
            title is not None
            and title.start == title.sent.start
            and _title_like(title, defined=True)
        ):
            found.append(Span(doc, title.start, title.end, label=WORK))
    return found


def _titles_after_work_phrase(doc: Doc) -> list[Span]:
    """ "A Netflix documentary series about the flight, Countdown: Inspiration4 Mission to
    Space, was directed by ...": a title in apposition after a work noun and its
    modifiers (no verb between), closed by a comma, a bracket or the sentence's end."""
    found: list[Span] = []
    for noun in doc:
        if not (noun.is_lower and noun.pos_ == "NOUN" and is_work_noun(noun)):
            continue
        i, end = noun.i + 1, sentence_end(noun)
        while (
            i < end
            and i - noun.i <= MAX_TITLE_TOKENS
            and doc[i].is_lower
            and doc[i].pos_ not in {"VERB", "AUX"}
        ):
            i += 1
        if i + 1 >= end or doc[i].text != "," or i - noun.i > MAX_TITLE_TOKENS:
            continue
        title = title_after(doc, i + 1)
        closing = doc[title.end] if title is not None and title.end < len(doc) else None
        if (
            title is not None
            and closing is not None
            and (closing.text in {",", "(", "."} or closing.is_sent_start)
            and len(title) > 1  # "In the film, Cooper, a pilot, ...": a part's name
            and noun.dep_ != "pobj"
            and _not_a_name(title, strict=False)
        ):
            found.append(Span(doc, title.start, title.end, label=WORK))
    return found


def is_work_noun(token: Token) -> bool:
    """A noun for a kind of work, as written or by its lemma: "film", "documentaries",
    "thriller"."""
    return bool(_kinds().intersection(singulars(token)))


def _kinds() -> frozenset[str]:
    """The nouns for kinds of work: the work nouns and the genres."""
    return context().work_nouns | triggers().genre_nouns


def _after_credit_noun(token: Token) -> bool:
    """ "Her films include", "documentaries such as", "his credits including": a work or
    credit noun within the few words before a listing cue."""
    nouns = triggers().credit_nouns
    before = token.doc[max(token.sent.start, token.i - 4) : token.i]
    return any(t.lower_ in nouns or is_work_noun(t) for t in before)


def _title_list(doc: Doc, start: int, *, strict: bool = True) -> list[Span]:
    """The titles listed from ``start``: "A (2015), B (gloss) and C", each free to be a
    title (``strict``: see :func:`_not_a_name`) and followed by its year or its gloss in
    brackets, a comma, "and", or a word that is no noun."""
    titles_found: list[Span] = []
    i = start
    joiners = grammar().list_joiners
    while i < len(doc):
        run = title_after(doc, i, joins=False)
        if run is None:
            break
        dated = _dated_end(doc, run.end)
        j = dated or _gloss_end(doc, run.end) or run.end
        if j < len(doc) and not _ends_an_item(doc[j]):
            break
        free = _not_a_name(run, strict=strict, dated=dated is not None)
        if free and not run[0].is_sent_start and not _ruled(run):
            titles_found.append(run)
        separated = j
        if j < len(doc) and doc[j].text == ",":
            j += 1
        if j < len(doc) and doc[j].lower_ in joiners:
            j += 1
        if j == separated:
            break
        i = j
    return titles_found


def _ends_an_item(token: Token) -> bool:
    """What may follow a listed title: a mark, "and", or a word that is no noun (a noun
    would make the title-case words its modifier: "Earth observation images")."""
    return token.is_punct or token.lower_ in grammar().list_joiners or token.pos_ in _ITEM_ENDS


def _filmography_lines(doc: Doc) -> list[Span]:
    """List lines of works: "- Night Orbit (2010)" in an article that speaks of works, or
    any "- Title" line under a heading such as "Filmography"; and, in such an article, a
    line that is only a title and its year: "Night Orbit (UK, 2009)"."""
    found: list[Span] = []
    cues = _kinds() | triggers().filmography_headings
    about_works = _about_works(doc)
    under_heading = False
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            continue
        bullet = tokens[0].text in BULLETS
        if not bullet:
            under_heading = all(t.lower_ in cues or t.is_punct for t in tokens)
        first = tokens[1] if bullet and len(tokens) > 1 else tokens[0]
        run = title_after(doc, first.i) if bullet or about_works else None
        end = _dated_end(doc, run.end) if run is not None else None
        if run is None or not _not_a_name(run, dated=end is not None):
            continue
        listed = about_works if end is not None else under_heading and run.end > tokens[-1].i
        if bullet:
            listed = listed or (under_heading and end is not None)
        else:  # a line of its own: "Night Orbit (UK, 2009)"
            listed = end is not None and _line_end(doc, end)
        if listed:
            found.append(Span(doc, run.start, run.end, label=WORK))
    return found


def _line_end(doc: Doc, end: int) -> bool:
    """Whether a line (or the text) ends right before token ``end``."""
    return end >= len(doc) or "\n" in doc[end - 1].whitespace_ or doc[end].is_space


def _repeated_titles(doc: Doc, found: list[Span]) -> list[Span]:
    """The other places the text names a title it was found to give: a headline, a later
    sentence ("The Dream Is Alive became one of ..."), where the model sees a person or
    nothing. A one-word title counts only inside a sentence, and a repeat must stand
    alone (not inside a longer title-case name)."""
    texts = {tuple(t.text for t in span) for span in found}
    if not texts:
        return []
    taken = {i for span in found for i in range(span.start, span.end)}
    firsts = {words[0] for words in texts}
    at: dict[str, list[int]] = {}  # where each title's first word stands, found in one pass
    for token in doc:
        if token.text in firsts:
            at.setdefault(token.text, []).append(token.i)
    repeats: list[Span] = []
    for words in sorted(texts, key=len, reverse=True):
        n = len(words)
        for i in at.get(words[0], ()):
            token = doc[i]
            if i in taken or tuple(t.text for t in doc[i : i + n]) != words:
                continue
            span = doc[i : i + n]
            if n == 1 and token.is_sent_start:
                continue
            before = doc[i - 1] if i > 0 else None
            after = doc[i + n] if i + n < len(doc) else None
            if any(
                t is not None and _title_word(t) and not t.is_punct and not t.is_sent_start
                for t in (before, after)
            ) or any(t.ent_type_ in RULER_LABELS for t in span):
                continue
            repeats.append(Span(doc, span.start, span.end, label=WORK))
            taken.update(range(span.start, span.end))
    return repeats


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
