"""Stage 3, extract: each parsed document becomes mentions, aliases, facts and events.

``document`` is the per-document stage (clean, chunk, ``nlp.pipe``, rules, merge of
chunks). ``mentions`` and ``aliases`` find the names; ``context`` holds the DocContext every
rule reads, with what the document is about (``topics``); ``syntax``, ``coref`` and
``arguments`` read the parse; the rules are one module per family (``roles``, ``crews``,
``flights``, ``films``, ``places``, ``events``), collected in order in ``rules``.

Nothing is imported here, so that a module of this package loads only what it needs.
"""
