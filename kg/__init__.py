"""kg: build an RDF knowledge graph of people, organizations, spacecraft, places, works and
events from news articles, and query it with canned SPARQL.

The names from the heavy modules (the build and the model: spaCy; validation: pyshacl;
networkx) load them on first use (PEP 562), so that ``import kg``, and a command that only
queries, start in half a second instead of two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import kg._interrupt  # noqa: F401  (first: Ctrl-C while the command loads)
from kg.errors import KgError
from kg.evaluate import EvalReport, evaluate, evaluate_file
from kg.graph.rdf import read_dataset, read_graph
from kg.graph.stats import graph_stats
from kg.lazy import lazy_exports
from kg.sparql.queries import find_query, list_queries, run_query
from kg.text.documents import read_documents
from kg.version import SOFTWARE_VERSION
from kg.vocab import KG, RES

if TYPE_CHECKING:
    from kg.builder import BuildOptions as BuildOptions
    from kg.builder import BuildReport as BuildReport
    from kg.builder import build as build
    from kg.builder import dataset_from_documents as dataset_from_documents
    from kg.graph.validate import validate_file as validate_file
    from kg.graph.validate import validate_graph as validate_graph
    from kg.nlp.pipeline import load_pipeline as load_pipeline
    from kg.viz.network import to_networkx as to_networkx

__version__ = SOFTWARE_VERSION

_LAZY = {
    "BuildOptions": "kg.builder",
    "BuildReport": "kg.builder",
    "build": "kg.builder",
    "dataset_from_documents": "kg.builder",
    "load_pipeline": "kg.nlp.pipeline",
    "to_networkx": "kg.viz.network",
    "validate_file": "kg.graph.validate",
    "validate_graph": "kg.graph.validate",
}

__all__ = [
    "KG",
    "RES",
    "BuildOptions",
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


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
