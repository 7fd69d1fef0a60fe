"""Stage 2, nlp: the spaCy pipeline.

``model`` says which model a build uses without importing spaCy; ``pipeline`` loads it and
adds kg's components: ``sentences`` (sentence bounds by line) and ``entities`` (names typed
and found by context, with ``names`` and ``titles``). ``labels`` maps spaCy's entity labels
to ontology classes, and ``tokens`` holds the token readings the components and the
extraction rules share (role nouns, quoted titles, first names).

Nothing is imported here: ``kg.nlp.model`` must stay loadable without spaCy.
"""
