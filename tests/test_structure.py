"""The package's shape: imports run one way along the stages of the data flow, only the
lexicon reads kg/data/, rule modules hold no domain words, and every class-name and
predicate string is checked by mypy against the ontology's aliases.

These read the source (``ast``), so they need neither spaCy's model nor a build.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import get_args

from spacy.glossary import GLOSSARY

from kg.lexicon import rules
from kg.paths import DATA_DIR, PACKAGE_DIR
from kg.vocab import FACT_PREDICATES, EventType
from tests.typed_terms import docstrings, unchecked_terms

ROOT = PACKAGE_DIR.parent

STAGES: tuple[tuple[str, ...], ...] = (
    ("kg.errors", "kg.paths", "kg.version", "kg.lazy", "kg._interrupt"),
    ("kg.vocab",),
    ("kg.records",),
    ("kg.lexicon",),
    ("kg.text",),
    ("kg.nlp",),
    ("kg.extract",),
    ("kg.cache", "kg.runner"),
    ("kg.graph",),
    ("kg.sparql",),
    ("kg.viz", "kg.evaluate"),
    ("kg.builder",),
    ("kg.cli", "kg.__main__", "kg"),
)
"""The stages in data-flow order (a module belongs to the first entry that is it or a
package above it). A module may import from its own stage or an earlier one, never a later."""

RULE_MODULES = ("kg/nlp", "kg/extract", "kg/text/clean.py", "kg/graph/resolve.py",
                "kg/graph/consolidate.py")  # fmt: skip
"""Modules that read language or apply extraction rules: their words are data."""
SOFTWARE_NAMES = frozenset({"parser", "senter", "sentencizer"})
"""spaCy's names of its sentence-setting components: identifiers, not words of the text."""


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def _nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of a source file, parsed once for all the tests here."""
    return tuple(ast.walk(_tree(path)))


def _stage(module: str) -> int:
    for rank, members in enumerate(STAGES):
        for member in members:
            if module == member or (member != "kg" and module.startswith(member + ".")):
                return rank
    raise AssertionError(f"{module} is in no stage of STAGES: give it one")


def _imports(path: Path, known: dict[str, Path]) -> Iterator[tuple[int, str]]:
    """Every kg module a file imports (at the top, in a function, or for type checking),
    with the line."""
    for node in _nodes(path):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kg"):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg"):
            assert node.level == 0, f"{path}:{node.lineno}: a relative import"
            module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                yield node.lineno, submodule if submodule in known else module


def test_every_module_has_a_stage() -> None:
    for module in _modules():
        _stage(module)


def _edges() -> dict[str, set[str]]:
    known = _modules()
    return {
        module: {target for _, target in _imports(path, known) if target != module}
        for module, path in known.items()
    }


def backward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Imports of a module of a later stage."""
    return sorted(
        f"{module} imports {target}"
        for module, targets in edges.items()
        for target in targets
        if _stage(target) > _stage(module)
    )


def find_circle(edges: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports, if there is one (depth-first, in name order)."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(edges.get(module, ())):
            circle = visit(target, [*path, module])
            if circle is not None:
                return circle
        done.add(module)
        return None

    return next((c for m in sorted(edges) if (c := visit(m, [])) is not None), None)


def test_imports_never_come_from_a_later_stage() -> None:
    assert backward_imports(_edges()) == []


def test_no_import_circle() -> None:
    """Lazy imports count too: a circle through a function-level import is still a circle."""
    assert find_circle(_edges()) is None


def test_the_import_checks_catch_a_circle_and_a_backward_import() -> None:
    """The engine once imported the builder back; both checks must see such an import."""
    edges = {
        "kg.builder": {"kg.runner"},
        "kg.runner": {"kg.builder", "kg.extract.document"},
        "kg.extract.document": {"kg.records"},
    }
    assert backward_imports(edges) == ["kg.runner imports kg.builder"]
    assert find_circle(edges) == ["kg.builder", "kg.runner", "kg.builder"]
    assert find_circle({"kg.runner": {"kg.extract.document"}}) is None


def test_only_the_lexicon_reads_kg_data() -> None:
    data_files = {p.name for p in DATA_DIR.iterdir() if p.is_file()}
    readers = []
    for module, path in _modules().items():
        if module in {"kg.lexicon", "kg.paths"}:
            continue
        docs = docstrings(_tree(path))
        for node in _nodes(path):
            if isinstance(node, ast.Name | ast.alias) and "DATA_DIR" in (
                node.id if isinstance(node, ast.Name) else node.name
            ):
                readers.append(f"{module}: DATA_DIR")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and any(name in node.value for name in data_files)
            ):
                readers.append(f"{module}:{node.lineno}: {node.value!r}")
    assert readers == []


def _rule_files() -> list[Path]:
    files: list[Path] = []
    for entry in RULE_MODULES:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


_WORD = re.compile(r"[a-z][a-z'’-]*")


def domain_words(source: str) -> list[tuple[int, list[str]]]:
    """The word lists in a module's source: set, list, tuple and frozenset literals (and
    dict values) of two or more strings with a lower-case word that is not one of spaCy's
    labels (``nsubj``, ``pobj`` and ``VERB`` are syntax, not vocabulary). ``Literal[...]``
    types are declarations, not lists."""
    tree = ast.parse(source)
    declared = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Literal"
        for sub in ast.walk(node.slice)
    }
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(tree):
        if id(node) in declared:
            continue
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = list(node.values)
        else:
            continue
        strings = [
            i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
        ]
        words = [
            s
            for s in strings
            if _WORD.fullmatch(s) and s not in GLOSSARY and s not in SOFTWARE_NAMES
        ]
        if len(strings) >= 2 and words:
            found.append((node.lineno, words))
    return sorted(found)


def test_no_rule_module_holds_a_list_of_domain_words() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {words}"
        for path in _rule_files()
        for line, words in domain_words(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "move these words to kg/data/ and read them through kg.lexicon"


def test_the_word_list_check_finds_word_lists() -> None:
    source = (
        'VERBS = frozenset({"launch", "lift"})\n'
        'DEPS = {"nsubj", "nsubjpass"}\n'
        'T = Literal["crew", "team"]\n'
        'ROLES = {"Person": "actress", "Film": "director"}\n'
    )
    assert domain_words(source) == [(1, ["launch", "lift"]), (4, ["actress", "director"])]


# ---------------------------------------------------------------------------- rule table


@cache
def _code_strings() -> frozenset[str]:
    strings: set[str] = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in _nodes(path):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return frozenset(strings)


def _made_keys() -> set[str]:
    """Keys the code makes from an event class ("launch-verb", "docking-crew" ...) and from
    the predicate a fact sheet's line gives ("field-line/launchDate" ...)."""
    kinds = [kind.lower() for kind in get_args(EventType)]
    made = {f"{kind}-verb" for kind in kinds} | {f"{kind}-crew" for kind in kinds}
    return made | {f"field-line/{predicate}" for predicate in FACT_PREDICATES}


def test_every_rule_of_the_table_is_used_by_the_code() -> None:
    unused = [key for key in rules() if key not in _code_strings() and key not in _made_keys()]
    assert unused == []


def test_every_rule_the_code_names_is_in_the_table() -> None:
    """A key given as a constant to ``ctx.fact``, ``_implied`` or ``rule`` is in the table."""
    named: list[str] = []
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in _nodes(path):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            position = {"fact": 3, "_implied": 3, "rule": 0}.get(str(name))
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            named += [b.value for b in branches if isinstance(b, ast.Constant)]
    assert named, "the scan found no rule keys: has ctx.fact been renamed?"
    assert sorted(set(named) - set(rules())) == []


# ---------------------------------------------------------------------------- typed terms


def test_the_typed_terms_check_finds_a_plain_string(tmp_path: Path) -> None:
    """``make lint`` runs tests/typed_terms.py on kg/ (misspelling every class-name and
    predicate string and asking mypy to reject each one); here it must find the one string
    of a small package that mypy takes for a plain str, behind a comparison that hides
    another."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "vocab.py").write_text(
        'from typing import Literal\nKind = Literal["Person", "Place"]\n'
    )
    (package / "use.py").write_text(
        "from pkg.vocab import Kind\n"
        "def f(kind: Kind, name: str) -> int:\n"
        '    if kind != "Person":\n'
        "        return 0\n"
        '    if kind == "Place":\n'  # unreachable once the first is misspelt: checked apart
        "        return 1\n"
        '    return 2 if name == "Place" else 3\n'  # a plain str: mypy cannot check it
    )
    found = unchecked_terms(tmp_path, "pkg", frozenset({"Person", "Place"}), ["--strict"])
    assert found == ["pkg/use.py:7"]


def test_rules_json_is_valid_json_with_about_lines() -> None:
    for path in DATA_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "about" in data, f"{path.name} says nowhere what it holds"
