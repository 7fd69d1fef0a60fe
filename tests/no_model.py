"""Run the tests as if the trained spaCy model were not installed: ``pytest -p tests.no_model``.

The fast tier (``-m "not model"``) is meant for rule work on ``spacy.blank("en")``; this
plugin proves on every CI run that it needs no model. It hides the model packages from the
import system in the test process and, through ``sitecustomize`` on ``PYTHONPATH``, in every
Python process a test starts (``kg build`` in a subprocess, ``--jobs`` workers, Dask
workers, a notebook kernel). Hidden means what uninstalled means: ``import`` raises
``ModuleNotFoundError``, ``importlib.util.find_spec`` gives ``None``, ``importlib.metadata``
finds no distribution, and so ``spacy.load`` raises its "Can't find model" ``OSError``. A test
that needs the model but does not request the ``trained_model`` fixture (tests/conftest.py)
then fails instead of quietly loading it.

Nothing here imports pytest, kg or any other third-party module at module level: every child
process loads this file at start-up (tests/no_model_site/sitecustomize.py), and a test that
counts the modules a fresh interpreter loads must not see them.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

HIDDEN_ENV = "KG_TEST_HIDDEN_MODELS"
"""The hidden package names, comma-separated, for the processes a test starts."""

SITE_DIR = Path(__file__).parent / "no_model_site"


def _normalized(name: str) -> str:
    """A package or distribution name as PEP 503 compares them (en-core-web-sm = en_core_web_sm)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _distribution_name(distribution: importlib.metadata.Distribution) -> str:
    """The normalized name, from the folder name where the standard library can (as it does
    itself when it lists entry points: no metadata file is read), else from the metadata."""
    name = getattr(distribution, "_normalized_name", None) or distribution.metadata["Name"]
    return _normalized(name or "")


def hide(names: Iterable[str]) -> None:
    """Make the packages ``names`` look uninstalled to this process.

    The path-based finder and the metadata lookup are wrapped where they are defined rather
    than shadowed by a finder in front of them: a finder in front can only find a module or
    raise, and raising is not what a missing package does (``importlib.util.find_spec`` would
    raise instead of returning ``None``); and the metadata can be found by more than one
    finder (the importlib_metadata backport, which dask imports, adds its own).
    """
    hidden = frozenset(map(_normalized, names))
    loaded = sorted(name for name in sys.modules if _normalized(name.partition(".")[0]) in hidden)
    if loaded:
        raise RuntimeError(f"cannot hide {loaded}: already imported")
    find_spec = PathFinder.find_spec
    discover = importlib.metadata.Distribution.discover

    def visible_spec(
        cls: type[PathFinder],
        /,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if _normalized(fullname.partition(".")[0]) in hidden:
            return None
        return find_spec(fullname, path, target)

    def visible_distributions(
        cls: type[importlib.metadata.Distribution], /, **kwargs: Any
    ) -> Iterator[importlib.metadata.Distribution]:
        return (d for d in discover(**kwargs) if _distribution_name(d) not in hidden)

    PathFinder.find_spec = classmethod(visible_spec)  # type: ignore[method-assign,assignment]
    importlib.metadata.Distribution.discover = classmethod(visible_distributions)  # type: ignore[method-assign,assignment]


def pytest_configure(config: pytest.Config) -> None:
    from kg.nlp.model import DEFAULT_MODELS, MODEL_ENV

    names = {*DEFAULT_MODELS, *filter(None, [os.environ.get(MODEL_ENV)])}
    hide(names)
    os.environ[HIDDEN_ENV] = ",".join(sorted(names))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(SITE_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"spaCy models hidden (tests/no_model.py): {os.environ[HIDDEN_ENV]}"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Refuse to run a test that needs the model: it could only fail, and say nothing useful."""
    import pytest

    needing = [item.nodeid for item in session.items if item.get_closest_marker("model")]
    if needing:
        raise pytest.UsageError(
            f"{len(needing)} selected tests need the trained model, which -p tests.no_model "
            f'hides (first: {needing[0]}); add -m "not model"'
        )
