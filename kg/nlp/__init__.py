"""Stage 2, nlp: the spaCy pipeline.

``model`` says which model a build uses without importing spaCy, ``pipeline`` loads it
and adds kg's components (``components``: sentence bounds, typing of names by context).

Nothing is imported here: ``kg.nlp.model`` must stay loadable without spaCy.
"""
