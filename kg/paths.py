"""Where the ontology, the canned queries, the seed corpus and the rule data live.

From a checkout (or an editable install) they are the top-level folders next to
``kg/``; an installed wheel carries copies under ``kg/_resources/``.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _resource_dir(name: str) -> Path:
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    return PACKAGE_DIR / "_resources" / name


ONTOLOGY_DIR = _resource_dir("ontology")
QUERIES_DIR = _resource_dir("queries")
SEEDS_DIR = _resource_dir("seeds")
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"

DEFAULT_OUTPUT = Path("out/graph.ttl")
"""Where ``kg build`` writes the graph, and where the other commands read it, by default."""
