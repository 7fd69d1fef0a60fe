"""Every class-name and predicate string in kg/ is checked by mypy against the ontology's
aliases: ``python -m tests.typed_terms`` (part of ``make lint``) misspells each one in a
copy of kg/ and asks mypy to reject every line it changed.

A string that escapes is one mypy takes for a plain ``str``: an inline ``{"Person",
"Place"}`` (mypy types it set[str]), a dict of class names with no annotation, a name
compared with a value read from a file. Give it a typed home (a constant annotated with
an alias of kg.vocab, or kg.vocab.class_named for names read at run time).

mypy does not check code it finds unreachable, and a misspelt string in a comparison makes
the branch it guards unreachable; so the lines mypy did not flag are misspelt again on
their own, until a run flags none of them: those are the unchecked ones.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Spot(NamedTuple):
    line: int
    start: int
    end: int


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (of a module, class, function or
    attribute): every string that stands alone as a statement."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            ids.add(id(node.value))  # a module's, class's, function's or attribute's docstring
    return ids


def spots(source: str, names: frozenset[str]) -> list[Spot]:
    """Where a source holds one of ``names`` as a string, docstrings and f-strings aside."""
    tree = ast.parse(source)
    skip = docstrings(tree) | {
        id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
    }  # fmt: skip
    return sorted(
        Spot(node.lineno, node.col_offset, node.end_col_offset or 0)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in names
        and id(node) not in skip
        and node.lineno == node.end_lineno
    )


def misspell(source: str, where: Sequence[Spot]) -> str:
    """The source with the strings at ``where`` misspelt (a "_" before the closing quote)."""
    lines = source.splitlines(keepends=True)
    for spot in sorted(where, reverse=True):
        encoded = lines[spot.line - 1].encode("utf-8")  # ast's columns count UTF-8 bytes
        literal = encoded[spot.start : spot.end].decode("utf-8")
        lines[spot.line - 1] = (
            encoded[: spot.start].decode("utf-8") + literal[:-1] + "_" + literal[-1]
            + encoded[spot.end :].decode("utf-8")
        )  # fmt: skip
    return "".join(lines)


def unchecked_terms(
    root: Path, package: str, names: frozenset[str], mypy_args: Sequence[str] = ()
) -> list[str]:
    """The lines of ``root/package`` (a copy: it is changed) whose ``names`` strings mypy
    does not check, as "path:line"; the package's ``vocab.py`` declares them and is left
    alone. mypy runs in ``root``, so its configuration and cache there are used."""
    from mypy import api

    sources = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((root / package).rglob("*.py"))
        if path.name != "vocab.py"
    }
    waiting = {file: spots(source, names) for file, source in sources.items()}
    if not any(waiting.values()):
        raise AssertionError(f"no string of {sorted(names)} in {package}: has the scan broken?")
    rewrite = set(waiting)
    here = Path.cwd()
    os.chdir(root)
    try:
        while any(waiting.values()):
            for file in rewrite:  # a file left alone is not analysed again
                Path(file).write_text(misspell(sources[file], waiting[file]), encoding="utf-8")
            report, _, _ = api.run([*mypy_args, package])
            flagged = {
                (match[1], int(match[2]))
                for match in re.finditer(r"^([^:\s]+\.py):(\d+): error", report, re.MULTILINE)
            }
            left = {
                file: [s for s in found if (file, s.line) not in flagged]
                for file, found in waiting.items()
            }
            if left == waiting:
                break
            rewrite = {file for file, found in left.items() if found}
            waiting = left
    finally:
        os.chdir(here)
    return [f"{file}:{spot.line}" for file, found in waiting.items() for spot in found]


def main() -> int:
    from kg.vocab import ClassName, Predicate, literal_values

    names = frozenset(literal_values(ClassName)) | frozenset(literal_values(Predicate))
    with tempfile.TemporaryDirectory(prefix="kg-typed-terms-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "kg", root / "kg", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", root)
        if (ROOT / ".mypy_cache").is_dir():  # third-party modules need not be analysed again
            shutil.copytree(ROOT / ".mypy_cache", root / ".mypy_cache")
        unchecked = unchecked_terms(root, "kg", names)
    if unchecked:
        print("class-name or predicate strings that mypy takes for plain str:", file=sys.stderr)
        print("\n".join(unchecked), file=sys.stderr)
        return 1
    print(f"every class-name and predicate string in kg/ is checked by mypy ({len(names)} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
