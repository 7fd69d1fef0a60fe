"""What a document is about: its one work, station and craft, and its flight designator.

A definite description ("the movie", "the station", "the spacecraft") names the
document's topic of that kind (kg.extract.coref), and a crew found without a craft flew
the craft the article is about; so a topic is chosen narrowly, and a tie chooses none.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.context import Found, Topics
from kg.extract.syntax import SUBJECT_DEPS, phrase_root
from kg.lexicon import is_generic, is_stay, mention_confidence, triggers
from kg.records import Alias
from kg.vocab import EntityType, is_a


def find_topics(found: Sequence[Found], aliases: Sequence[Alias]) -> Topics:
    works = [f for f in found if is_a(f.mention.type, "CreativeWork")]
    crafts = _ranked(_candidates(_of_type(found, "Spacecraft")))
    missions = [f for f in _of_type(found, "Mission") if _sure(f)]
    mission = _pick(_ranked(missions), strict=True)
    # a craft named once in passing is no topic: then the mission is what was flown
    named_twice = crafts is not None and crafts[1] >= 2
    craft = _pick(crafts, strict=True) if named_twice else None
    return Topics(
        work=_only(works, aliases),
        main_work=_salient(works),
        station=_salient(_of_type(found, "SpaceStation")),
        craft=craft,
        mission=mission,
        sole_mission=_article_mission(_candidates(missions)),
        sole_craft=_sole(_candidates(_of_type(found, "Spacecraft"))),
        flight=craft if named_twice else mission,
    )


def _article_mission(missions: Sequence[Found]) -> Found | None:
    """The flight the article is about: its only flight (a station's expedition when it
    names no flight), else the flight it names most, at least twice and more than any
    other."""
    flights = [f for f in missions if not is_stay(_name(f))]
    if not flights:
        return _sole(missions)
    ranked = _ranked(flights)
    if ranked is not None and not ranked[2] and ranked[1] >= 2:
        return ranked[0]
    return _sole(flights)


def _sole(found: Sequence[Found]) -> Found | None:
    """The first mention of the only name among ``found`` (short forms grouped with it),
    if named twice or in the first line: a name in passing is no topic."""
    names = {_name(f) for f in found}
    if len(set(_group(names).values())) != 1:
        return None
    return found[0] if len(found) >= 2 or _in_first_line(found[0]) else None


def _in_first_line(f: Found) -> bool:
    text = f.span.doc.text
    first = text.find("\n")
    return 0 <= f.span.start_char < first


def _name(f: Found) -> str:
    return (f.mention.canonical or f.mention.text).lower()


def _of_type(found: Sequence[Found], cls: EntityType) -> list[Found]:
    return [f for f in found if f.mention.type == cls]


def _only(candidates: Sequence[Found], aliases: Sequence[Alias]) -> Found | None:
    """The first mention of the document's only entity among ``candidates`` (aliases count
    as one)."""
    same = {(a.first.text.lower(), a.second.text.lower()) for a in aliases}
    names: list[str] = []
    first: Found | None = None
    for f in candidates:
        name = f.mention.canonical or f.mention.text.lower()
        if all(name != n and (name, n) not in same and (n, name) not in same for n in names):
            names.append(name)
        if first is None:
            first = f
    if len(names) != 1:
        return None
    return first


def _sure(f: Found) -> bool:
    return f.mention.confidence >= mention_confidence().minimum


def _shortens(short: list[str], full: list[str]) -> bool:
    """Whether ``short`` ends ``full``, or is its first word."""
    return full[-len(short) :] == short or (len(short) == 1 and full[0] == short[0])


def _group(names: set[str]) -> dict[str, str]:
    """Each name to the one longer name it is short for in the document ("ms-23" and
    "soyuz" to "soyuz ms-23"), else to itself."""
    grouped: dict[str, str] = {}
    for name in names:
        words = name.split()
        longer = [
            other
            for other in names
            if len(other.split()) > len(words) and _shortens(words, other.split())
        ]
        grouped[name] = longer[0] if len(longer) == 1 else name
    return grouped


def _candidates(found: Sequence[Found]) -> list[Found]:
    """The mentions that may be a topic: named in running text (headlines aside), and
    neither a family of craft ("Crew Dragon") nor a station's module. Two craft named as
    often are a toss-up: a tie of craft gives no topic."""
    parts = triggers().part_nouns
    return [
        f for f in found
        if _sure(f) and not is_generic(f.mention.canonical or f.mention.text)
        and phrase_root(f.span.root).lower_ not in parts
    ]  # fmt: skip


def _salient(found: Sequence[Found]) -> Found | None:
    """The entity the running text names most, a mention as the subject of its sentence
    counting double; on a tie the first named wins (an article's film is usually the one it
    names first)."""
    return _pick(_ranked(_candidates(found)), strict=False)


def _pick(ranked: tuple[Found, int, bool] | None, strict: bool) -> Found | None:
    if ranked is None:
        return None
    found, _, tied = ranked
    return None if strict and tied else found


def _ranked(candidates: Sequence[Found]) -> tuple[Found, int, bool] | None:
    """The most named of ``candidates`` (short forms grouped with their full name), its
    weight, and whether another is named as much."""
    names = {(f.mention.canonical or f.mention.text).lower() for f in candidates}
    group = _group(names)
    counts: dict[str, int] = {}
    first: dict[str, Found] = {}
    for f in candidates:
        name = group[(f.mention.canonical or f.mention.text).lower()]
        weight = 2 if phrase_root(f.span.root).dep_ in SUBJECT_DEPS else 1
        counts[name] = counts.get(name, 0) + weight
        if name == (f.mention.canonical or f.mention.text).lower():
            first.setdefault(name, f)
    for f in candidates:  # a group whose full name is only in a headline keeps a short mention
        first.setdefault(group[(f.mention.canonical or f.mention.text).lower()], f)
    if not counts:
        return None
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n].span.start))
    tied = len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]
    return first[ranked[0]], counts[ranked[0]], tied
