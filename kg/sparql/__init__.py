"""Stage 5, sparql: canned queries and the places they run on.

``queries`` reads the canned ``.rq`` files, checks that a query only reads and runs it;
the backends are a graph file (rdflib), the embedded store (``store``, pyoxigraph) and a
SPARQL server (``server``, httpx).

Nothing is imported here, so that a module of this package loads only what it needs.
"""
