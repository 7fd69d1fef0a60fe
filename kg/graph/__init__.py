"""Stage 4, graph: the global pass over every document's Extraction, and graph files.

``resolve`` clusters mentions into entities, ``consolidate`` merges events and derives
the facts they imply, ``iris`` names every node and graph, ``triples`` makes the RDF
statements, ``validate`` checks them against the shapes and ``formats`` writes them;
``rdf`` reads graph files back and ``stats`` counts what one holds.

Nothing is imported here, so that a module of this package loads only what it needs.
"""
