"""kg's spaCy pipeline components: sentence bounds and entity typing by context.

The statistical model is the first guess; these components apply what a reader sees
around a name: "the Soyuz launch vehicle" is a rocket, "the film studio Red, Green and Blue"
an organization, "film ‘Zvezda’" a creative work, "Valentina Tereshkova's flight" a person.
The cues are data (``kg/data/context.json``); names are never.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import gender_guesser.detector
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.paths import DATA_DIR

RULER_LABELS = frozenset(
    {
        "Person",
        "Organization",
        "Spacecraft",
        "SpaceStation",
        "LaunchVehicle",
        "Place",
        "CreativeWork",
        "Film",
    }
)
"""Labels set by kg's entity ruler: ontology class names, so they never clash with spaCy's."""

CONTEXT_LABELS = {
    "Person": "PERSON",
    "Organization": "ORG",
    "Place": "FAC",
    "CreativeWork": "WORK_OF_ART",
    "Spacecraft": "SPACECRAFT",
    "LaunchVehicle": "LAUNCH_VEHICLE",
    "SpaceStation": "SPACE_STATION",
}
"""Labels for names typed by context: spaCy-style, so they read as the model's guesses
(checked like them), not as the ruler's certainties."""

OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "«", "„"})
CLOSE_QUOTES = frozenset({'"', "”", "’", "'", "»", "“"})
_RETYPABLE = frozenset(
    {"ORG", "GPE", "FAC", "LOC", "PRODUCT", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PERSON"}
)
_NOT_PERSON_LABELS = _RETYPABLE - {"PERSON"}
_MAX_TITLE_TOKENS = 8
_ARABIC_FAMILY_NAME = re.compile(r"(Al|El)-?[A-Z][a-z]{2,}")
_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "di", "le", "la", "al", "el", "bin", "ben"}
)
"""Words that open family names ("Van Horn") and are never first names on their own."""
TITLE_VERBS = frozenset({"film", "shoot", "make", "produce", "direct"})
"""A quoted name right after one of these is a work: "will film ‘Zvezda’"."""
PLAY_VERBS = frozenset({"play", "star", "portray", "act"})
"""A quoted title-case name in a sentence with one of these is a work."""
_ALIAS_CUES = (("which", "means"), ("meaning",), ("translated", "as"), ("or",))


class PhraseTable:
    """Lower-case cue phrases, each with a class, looked up by their first or last word
    (so matching at a token costs the same however long the table is)."""

    def __init__(self, pairs: list[tuple[tuple[str, ...], str]]) -> None:
        self.pairs = tuple(sorted(pairs, key=lambda pair: -len(pair[0])))  # longest first
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, cls in self.pairs:
            self.by_first.setdefault(words[0], []).append((words, cls))
            self.by_last.setdefault(words[-1], []).append((words, cls))

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], str]]:
        return iter(self.pairs)


@dataclass(frozen=True, slots=True)
class _Context:
    head_nouns: PhraseTable
    descriptors: PhraseTable
    aboard: tuple[tuple[str, ...], ...]
    work_nouns: frozenset[str]
    title_cues: frozenset[str]
    name_end_words: frozenset[str]
    facility_words: tuple[str, ...]
    pad_words: tuple[str, ...]
    not_names_before: frozenset[str]
    mission_names: tuple[re.Pattern[str], ...]


def _phrases(table: dict[str, list[str]]) -> PhraseTable:
    return PhraseTable([(tuple(p.split()), cls) for cls, phrases in table.items() for p in phrases])


@cache
def context() -> _Context:
    data = json.loads((DATA_DIR / "context.json").read_text(encoding="utf-8"))
    return _Context(
        head_nouns=_phrases(data["head_nouns"]),
        descriptors=_phrases(data["descriptors"]),
        aboard=tuple(sorted((tuple(p.split()) for p in data["aboard"]), key=len, reverse=True)),
        work_nouns=frozenset(data["work_nouns"]),
        title_cues=frozenset(data["title_cues"]),
        name_end_words=frozenset(data["name_end_words"]),
        facility_words=tuple(data["facility_words"]),
        pad_words=tuple(data["pad_words"]),
        not_names_before=frozenset(data["not_names_before"]),
        mission_names=tuple(re.compile(p) for p in data["mission_names"]),
    )


def is_mission(name: str) -> bool:
    """Whether a name designates a flight ("Crew-4", "Demo-2") rather than a craft."""
    return any(p.fullmatch(name) for p in context().mission_names)


@cache
def role_nouns() -> frozenset[str]:
    """Role nouns a person can be given (``kg/data/roles.txt``), lower case, singular."""
    lines = (DATA_DIR / "roles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


ROLE_MAX_WORDS = 3
_VERB_CONTEXT = frozenset(
    {"to", "will", "would", "can", "could", "should", "must", "may", "might", "did", "does", "do"}
)


def singulars(token: Token) -> tuple[str, ...]:
    """The forms a noun may take in a word list: as written, its lemma, and without a
    plural "s" (the tagger leaves capitalized "Astronauts" unlemmatized)."""
    word = token.lower_
    forms = [word, token.lemma_.lower()]
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    return tuple(dict.fromkeys(forms))


def role_ending_at(tokens: Sequence[Token]) -> str | None:
    """The longest role noun phrase that ends with the last of ``tokens``, singular.

    The part of speech is not checked: the small model often tags a role noun before a
    name as a verb ("Roscosmos head Yuri Borisov", "billionaires Jeff Bezos"). A word
    after "to" or a modal is taken for the verb it is ("will head").
    """
    if not tokens:
        return None
    last = tokens[-1]
    if last.i > last.sent.start and last.nbor(-1).lower_ in _VERB_CONTEXT:
        return None
    roles = role_nouns()
    for n in range(min(ROLE_MAX_WORDS, len(tokens)), 0, -1):
        words = [t.lower_ for t in tokens[-n:]]
        for final in singulars(last):
            phrase = " ".join([*words[:-1], final])
            if phrase in roles:
                return phrase
    return None


def role_before(doc: Doc, index: int) -> str | None:
    """The role noun phrase ending right before token ``index`` ("NASA astronaut", "Commander")."""
    start = doc[index].sent.start if index < len(doc) else 0
    return role_ending_at(list(doc[max(start, index - ROLE_MAX_WORDS) : index]))


GIVEN_NAMES_FILE = Path(gender_guesser.detector.__file__).parent / "data" / "nam_dict.txt"


@cache
def given_names(path: Path = GIVEN_NAMES_FILE) -> frozenset[str]:
    """The first names of gender-guesser's list (~45,000), lower-cased: the names its
    ``Detector`` knows, read as it reads them (the second column of each line that is not a
    comment; a '+' joins the parts of a name, with nothing, a space or a hyphen). Reading
    only the names takes 0.05 s where the Detector's parse of every country's frequency
    takes 0.7 s, a tenth of a rebuild after one changed article."""
    names: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and line[0] not in "#=":
                name = line.split()[1].lower()
                names.update(name.replace("+", joint) for joint in ("", " ", "-"))
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a known first name (gender-guesser's list)."""
    return word.lower() in given_names()


_BULLETS = frozenset({"-", "–", "—", "•", "*", "·"})
_SENTENCE_END = frozenset({".", "!", "?", "…", '"', "”", "’", "'", ")", "]"})


@Language.component("kg_sentence_bounds")
def sentence_bounds(doc: Doc) -> Doc:
    """Start a sentence after every blank line and at every list item, and never inside a
    line except after closing punctuation.

    Scraped pages put headings, captions and paragraphs on lines of their own without
    closing punctuation; the parser would run them into the next sentence, or split a
    sentence after its first word ("NASA | astronauts X and Y arrived"). The parser
    respects boundaries set before it, both ways.
    """
    # one array for the whole doc: setting Token.is_sent_start checks the whole doc each time
    starts = doc.to_array([SENT_START]).astype("int64")
    for token in doc[1:]:
        before = doc[token.i - 1]
        newlines = before.whitespace_.count("\n") + (
            before.text.count("\n") if before.is_space else 0
        )
        if newlines >= 2 or (newlines and token.text in _BULLETS):  # a paragraph or a list item
            starts[token.i] = 1
        elif not newlines and not before.is_space and before.text[-1] not in _SENTENCE_END:
            starts[token.i] = -1
    doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
    return doc


def _match_after(doc: Doc, index: int, table: PhraseTable) -> tuple[str, int] | None:
    """Class and length of the longest lower-case phrase of ``table`` starting at ``index``.

    Cue words are lower case in running text; capitalized, they belong to a name
    ("International Space Station").
    """
    if index >= len(doc) or not doc[index].is_lower:
        return None
    for words, cls in table.by_first.get(doc[index].lower_, ()):
        end = index + len(words)
        if end <= len(doc) and tuple(t.lower_ for t in doc[index:end]) == words:
            return cls, len(words)
    return None


def _match_before(doc: Doc, index: int, table: PhraseTable) -> tuple[str, int] | None:
    """Class and length of the longest lower-case phrase of ``table`` ending before ``index``."""
    if index <= 0:
        return None
    for words, cls in table.by_last.get(doc[index - 1].lower_, ()):
        start = index - len(words)
        if (
            start >= 0
            and doc[start].is_lower
            and tuple(t.lower_ for t in doc[start:index]) == words
        ):
            return cls, len(words)
    return None


def _after_aboard(span: Span) -> bool:
    doc, i = span.doc, span.start
    if i > 0 and doc[i - 1].lower_ in {"the", "a", "an"}:
        i -= 1
    for words in context().aboard:
        if i - len(words) >= 0 and tuple(t.lower_ for t in doc[i - len(words) : i]) == words:
            return True
    return False


def _looks_like_person(span: Span) -> bool:
    words = [t for t in span if not t.is_punct and t.lower_ not in {"'s", "’s"}]
    # "AlNeyadi", "McBride": a capital first letter is enough
    if not 2 <= len(words) <= 3 or not all(t.is_alpha and t.text[0].isupper() for t in words):
        return False
    first, last = words[0], words[-1]
    if last.lower_ in context().name_end_words or first.lower_ in _PARTICLES:
        return False
    # a first name the list knows, or an Arabic family name ("Hazzaa AlMansoori")
    return is_given_name(first.text) or bool(_ARABIC_FAMILY_NAME.fullmatch(last.text))


def _named_after_role(span: Span) -> bool:
    """ "billionaire Yusaku Maezawa", "mission specialists Eytan Stibbe": a role noun right
    before a title-case name marks a person."""
    words = [t for t in span if t.lower_ != "of"]
    if not words or not all(t.is_title for t in words if t.is_alpha):
        return False
    return role_before(span.doc, span.start) is not None


def _modifies_a_noun(span: Span) -> bool:
    """A one-word "person" that modifies a common noun is an adjective ("Kazakh government")."""
    if len(span) != 1 or span.end >= len(span.doc):
        return False
    following = span.doc[span.end]
    return following.is_lower and following.pos_ == "NOUN" and span.root.head.i == following.i


def retype(ent: Span) -> Span | None:
    """``ent`` with its label corrected by context, or None to drop it."""
    doc = ent.doc
    # "Russian rocket": NORP is an adjective, not a name
    if ent.label_ in RULER_LABELS or ent.label_ == "NORP":
        return ent
    ctx = context()
    head = _match_after(doc, ent.end, ctx.head_nouns)
    descriptor = _match_before(doc, ent.start, ctx.descriptors)
    person = ent.label_ in _NOT_PERSON_LABELS and (
        _looks_like_person(ent) or _named_after_role(ent)
    )
    cls = head[0] if head else None
    if cls is None and descriptor and not person:  # "the broadcaster Walter Cronkite" is a person
        cls = descriptor[0]
    if cls == "Organization" and ent.label_ == "PERSON":  # "a Tom Cruise documentary"
        cls = None
    boardable = {"PRODUCT", "ORG", "FAC", "WORK_OF_ART", "PERSON", "GPE"}
    if (
        cls is None
        and ent.label_ in boardable
        and (_after_aboard(ent) or _docked_with(ent) or _named_craft(ent))
    ):
        cls = "Spacecraft"
    if (
        cls is None
        and ent.label_ in {"ORG", "PERSON", "PRODUCT"}
        and (_names_a_site(ent) or _placed(ent))
    ):
        cls = "Place"
    if cls is not None:
        return Span(doc, ent.start, ent.end, label=CONTEXT_LABELS[cls])
    if ent.label_ in {"GPE", "LOC", "FAC"} and _placed(ent):
        return ent
    if person:
        end = next((t.i for t in ent if t.lower_ == "of" and t.i > ent.start), ent.end)
        return Span(doc, ent.start, end, label="PERSON")
    if ent.label_ == "PERSON" and _modifies_a_noun(ent):
        return None
    if ent.end < len(doc) and doc[ent.end].lower_ in ctx.not_names_before:  # "the Vostok programme"
        return None
    return ent


def _named_craft(span: Span) -> bool:
    """ "their Crew Dragon spacecraft, Endeavour," and "a capsule, which they named Resilience":
    a name in apposition to a craft noun, or named by the sentence that has one."""
    root, doc = span.root, span.doc
    craft_nouns = {w[-1] for w, cls in context().head_nouns if cls == "Spacecraft"}
    if root.dep_ == "appos" and root.head.lower_ in craft_nouns:
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in {"named", "christened", "dubbed"} and any(
        t.lower_ in craft_nouns for t in span.sent[: span.start - span.sent.start]
    )


def _docked_with(span: Span) -> bool:
    """ "docked with Tianhe": what a craft docks with is a craft or a station."""
    doc = span.doc
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ in {"with", "to"}
        and doc[span.start - 2].lemma_.lower() in {"dock", "berth"}
    )


def site_rank(name: str) -> int:
    """0 for a launch facility ("Baikonur Cosmodrome"), 1 for a pad or site inside one
    ("Launch Complex 39A"), 2 for any other place."""
    words = f" {' '.join(name.lower().split())} "
    ctx = context()
    if any(f" {w} " in words for w in ctx.facility_words):
        return 0
    if any(f" {w} " in words for w in ctx.pad_words):
        return 1
    return 2


def _names_a_site(span: Span) -> bool:
    """ "Launch Site One", "Spaceport America": a site word inside the name makes it a place."""
    return span[0].is_title and site_rank(span.text) < 2


def _placed(span: Span) -> bool:
    """ "near Van Horn, Texas": after a preposition of place and before ", <place>"."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return (
        before in {"near", "outside", "in", "at", "from", "off"}
        and span.end < len(doc)
        and doc[span.end].text == ","
        and after is not None
        and after.ent_type_ in {"GPE", "LOC", "Place"}
    )


def _name_token(token: Token) -> bool:
    """A word that can be part of a proper name in running text."""
    if token.ent_type_ == "NORP" or not (
        token.is_title or token.is_upper or any(c.isdigit() for c in token.text)
    ):
        return False
    return token.pos_ in {"PROPN", "ADJ", "NOUN", "NUM", ""}


def _name_run_after(doc: Doc, start: int, *, allow_article: bool = False) -> Span | None:
    """Title-case words (joined by commas and "and") from ``start``: "Red, Green and Blue".

    With ``allow_article`` a title may open with "The", "A" or "An" ("The Long Night").
    """
    end = start
    if allow_article and start + 1 < len(doc) and doc[start].text in {"The", "A", "An"}:
        end += 1
    while end < len(doc):
        token = doc[end]
        if (
            _name_token(token) and not (token.ent_type_ and token.ent_iob_ == "B" and end > start)
        ) or (
            token.text in {",", "and", "&"}
            and end + 1 < len(doc)
            and _name_token(doc[end + 1])
            and end > start
        ):
            end += 1
        else:
            break
    while end > start and doc[end - 1].text in {",", "and", "&"}:
        end -= 1
    return doc[start:end] if end > start else None


def _name_run_before(doc: Doc, end: int) -> Span | None:
    """Title-case words (joined by commas and "and") ending right before ``end``."""
    start = end
    while start > 0:
        token = doc[start - 1]
        if (_name_token(token) and not token.ent_type_) or (
            token.text in {",", "and", "&"}
            and start < end
            and start - 2 >= 0
            and _name_token(doc[start - 2])
        ):
            start -= 1
        else:
            break
    while start < end and doc[start].text in {",", "and", "&"}:
        start += 1
    return doc[start:end] if end > start else None


def _descriptor_names(doc: Doc) -> list[Span]:
    """Names a descriptor introduces: "film studio Red, Green and Blue", "the X film studio"."""
    found: list[Span] = []
    ctx = context()
    for token in doc:
        match = _match_after(doc, token.i, ctx.descriptors)
        if match is not None:
            cls, length = match
            run = _name_run_after(doc, token.i + length)
            if run is not None and not _looks_like_person(run):  # "the broadcaster Walter Cronkite"
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[cls]))
        match = _match_after(doc, token.i, ctx.head_nouns)
        if match is not None and token.i > 0 and not doc[token.i - 1].ent_type_:
            run = _name_run_before(doc, token.i)
            if run is not None and not run[0].is_sent_start:
                found.append(Span(doc, run.start, run.end, label=CONTEXT_LABELS[match[0]]))
    return found


def _quoted_after(doc: Doc, index: int) -> Span | None:
    """The quoted title starting at token ``index`` (an opening quote), without the quotes."""
    if index >= len(doc) or doc[index].text not in OPEN_QUOTES:
        return None
    for end in range(index + 2, min(len(doc), index + 2 + _MAX_TITLE_TOKENS)):
        if doc[end].text in CLOSE_QUOTES:
            inner = doc[index + 1 : end]
            return inner if inner[0].is_title or inner[0].is_upper else None
    return None


_TITLE_SMALL_WORDS = frozenset(
    {"of", "the", "a", "an", "and", "in", "on", "to", "for", "is", "are"}
)


def _title_before(doc: Doc, end: int) -> Span | None:
    """A title-case title ending before ``end``, small words allowed inside ("Apogee of Fear")."""
    start = end
    while start > 0:
        token = doc[start - 1]
        titled = token.is_title or token.is_upper or token.like_num
        joiner = (
            token.lower_ in _TITLE_SMALL_WORDS
            and start < end
            and start >= 2
            and doc[start - 2].is_title
        )
        if not (titled or joiner):
            break
        start -= 1
        if token.is_sent_start:
            break
    while start < end and doc[start].lower_ in _TITLE_SMALL_WORDS - {"the", "a", "an"}:
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
            title = _title_before(doc, left - 1)
            if (
                title is not None
                and len(title) <= _MAX_TITLE_TOKENS
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
    ctx = context()
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        year = doc[token.i + 1].text
        if not (year.isdigit() and len(year) == 4):
            continue
        words = {t.lemma_.lower() for t in token.sent}
        if not words & (ctx.work_nouns | TITLE_VERBS | {"write", "co-write", "edit", "release"}):
            continue
        title = _title_before(doc, token.i)
        if title is not None and _title_like(title):
            found.append(Span(doc, title.start, title.end, label="WORK_OF_ART"))
    return found


def _title_like(span: Span, *, defined: bool = False) -> bool:
    """Title-case words (small words allowed inside), no more than a title's length, and
    not a name the model is sure is a person, place or organization; a title the text
    defines as a work ("X is a documentary film") overrules all but a person."""
    if not 1 <= len(span) <= _MAX_TITLE_TOKENS or not (span[0].is_title or span[0].is_upper):
        return False
    kinds = {"PERSON"} if defined else {"PERSON", "GPE", "ORG", "NORP"}
    if any(t.ent_type_ in kinds or t.pos_ == "PRON" for t in span):
        return False
    return all(
        t.is_title or t.is_upper or t.lower_ in _TITLE_SMALL_WORDS or t.like_num for t in span
    )


def _listed_people(doc: Doc) -> list[Span]:
    """Crew tables: "- Maksim Surayev (Roscosmos) – commander". A list item that opens with
    a capitalized name and gives a role noun later names a person, whatever the model says
    (it often misses names on such lines)."""
    found: list[Span] = []
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 4 or tokens[0].text not in _BULLETS:
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
        if 3 <= end <= 4 and has_role and (not rest or rest[0].text in {"(", ",", ":", *_BULLETS}):
            found.append(Span(doc, tokens[1].i, tokens[end - 1].i + 1, label="PERSON"))
    return found


def _titles(doc: Doc) -> list[Span]:
    """Titles of works: quoted next to a work noun or a title cue, or unquoted after a cue."""
    ctx = context()
    found: list[Span] = []
    for token in doc:
        if token.text in OPEN_QUOTES:
            title = _quoted_after(doc, token.i)
            if title is None:
                continue
            before = {t.lower_ for t in doc[max(0, token.i - 3) : token.i]}
            after = doc[title.end + 1].lower_ if title.end + 1 < len(doc) else ""
            verb = token.i > 0 and doc[token.i - 1].lemma_.lower() in TITLE_VERBS
            plays = any(t.lemma_.lower() in PLAY_VERBS for t in token.sent)  # 'In "X", Y will play'
            if (
                before & (ctx.work_nouns | ctx.title_cues)
                or after in ctx.work_nouns
                or verb
                or plays
            ):
                found.append(Span(doc, title.start, title.end, label="WORK_OF_ART"))
        elif (
            token.lower_ in ctx.title_cues
            and token.i + 1 < len(doc)
            and doc[token.i + 1].text not in OPEN_QUOTES
        ):
            window = {t.lower_ for t in token.sent}
            if window & ctx.work_nouns:
                run = _name_run_after(doc, token.i + 1, allow_article=True)
                if run is not None and len(run) <= _MAX_TITLE_TOKENS:
                    found.append(Span(doc, run.start, run.end, label="WORK_OF_ART"))
    return found


def translated_title(span: Span) -> Span | None:
    """The quoted gloss of a title: "‘Zvezda’, which means ‘Star’" -> "Star"."""
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].text in CLOSE_QUOTES:
        i += 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    for cue in _ALIAS_CUES:
        if tuple(t.lower_ for t in doc[i : i + len(cue)]) == cue:
            return _quoted_after(doc, i + len(cue))
    return None


def _glosses(spans: list[Span]) -> list[Span]:
    found: list[Span] = []
    for span in spans:
        if span.label_ in {"WORK_OF_ART", "CreativeWork", "Film"}:  # a work's gloss is a work too
            gloss = translated_title(span)
            if gloss is not None:
                found.append(Span(span.doc, gloss.start, gloss.end, label=span.label_))
    return found


def _without_overlaps(ordered: list[Span]) -> list[Span]:
    """Keep spans in priority order, dropping any that overlaps one already kept."""
    taken: set[int] = set()
    kept: list[Span] = []
    for span in ordered:
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


@Language.component("kg_entity_context")
def entity_context(doc: Doc) -> Doc:
    """Correct entity types by context and add names the model missed.

    Priority on overlaps: the domain ruler first, then names found by descriptors and
    titles, then the model's entities (retyped).
    """
    ruler = [e for e in doc.ents if e.label_ in RULER_LABELS]
    titled = _titles(doc) + _appositive_titles(doc) + _defined_titles(doc) + _dated_titles(doc)
    added = _listed_people(doc) + _descriptor_names(doc) + titled
    added += _glosses(added + list(doc.ents))
    retyped = [r for e in doc.ents if e.label_ not in RULER_LABELS and (r := retype(e)) is not None]
    doc.ents = _without_overlaps(ruler + added + retyped)
    return doc
