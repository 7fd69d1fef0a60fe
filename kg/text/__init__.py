"""Stage 1, text: files in, Documents and cleaned text out.

``documents`` reads and decodes files (``html`` takes the main text of a page),
``clean`` drops boilerplate and odd characters while keeping a map to the original
offsets, ``dates`` reads an article's own date and grounds relative dates in it, and
``labels`` gives the compare-form of a name that later stages share.

Nothing is imported here, so that a module of this package loads only what it needs.
"""
