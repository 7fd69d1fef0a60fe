"""kg: build an RDF knowledge graph of people, organizations, spacecraft, places, works and
events from news articles, and query it with canned SPARQL."""

from kg.build import SOFTWARE_VERSION, BuildReport, build, dataset_from_documents
from kg.documents import read_documents
from kg.errors import KgError
from kg.evaluate import EvalReport, evaluate, evaluate_file
from kg.namespace import KG, RES
from kg.network import to_networkx
from kg.nlp import load_pipeline
from kg.queries import find_query, list_queries, run_query
from kg.rdf import read_dataset, read_graph
from kg.stats import graph_stats
from kg.validate import validate_file, validate_graph

__version__ = SOFTWARE_VERSION

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
