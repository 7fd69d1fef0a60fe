"""Stage 4, graph: the global pass over every document's Extraction, and graph files.

``resolve`` clusters mentions into entities, ``consolidate`` merges events and derives
the facts they imply, ``rdf`` mints IRIs and reads graph files, ``triples`` makes the
RDF statements, ``validate`` checks them against the shapes, ``formats`` writes them,
and ``stats`` counts what a graph file holds.

Nothing is imported here, so that a module of this package loads only what it needs.
"""
