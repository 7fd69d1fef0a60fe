"""kg: build an RDF knowledge graph of people, organizations, spacecraft, places, works and
events from news articles, and query it with canned SPARQL.

The names from the heavy modules (the build and the model: spaCy; validation: pyshacl;
networkx) load them on first use (PEP 562), so that ``import kg``, and a command that only
queries, start in half a second instead of two.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kg.documents import read_documents
from kg.errors import KgError
from kg.evaluate import EvalReport, evaluate, evaluate_file
from kg.namespace import KG, RES
from kg.queries import find_query, list_queries, run_query
from kg.rdf import read_dataset, read_graph
from kg.stats import graph_stats
from kg.version import SOFTWARE_VERSION

if TYPE_CHECKING:
    from kg.builder import BuildReport as BuildReport
    from kg.builder import build as build
    from kg.builder import dataset_from_documents as dataset_from_documents
    from kg.network import to_networkx as to_networkx
    from kg.nlp import load_pipeline as load_pipeline
    from kg.validate import validate_file as validate_file
    from kg.validate import validate_graph as validate_graph

__version__ = SOFTWARE_VERSION

_LAZY = {
    "BuildReport": "kg.builder",
    "build": "kg.builder",
    "dataset_from_documents": "kg.builder",
    "load_pipeline": "kg.nlp",
    "to_networkx": "kg.network",
    "validate_file": "kg.validate",
    "validate_graph": "kg.validate",
}

__all__ = [
    "KG",
    "RES",
    "BuildReport",
    "EvalReport",
    "KgError",
    "__version__",
    "build",
    "dataset_from_documents",
    "evaluate",
    "evaluate_file",
    "find_query",
    "graph_stats",
    "list_queries",
    "load_pipeline",
    "read_dataset",
    "read_documents",
    "read_graph",
    "run_query",
    "to_networkx",
    "validate_file",
    "validate_graph",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
