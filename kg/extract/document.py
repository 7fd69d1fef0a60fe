"""The per-document stage: a document's text in, its Extraction record out.

Clean the text, cut it in chunks a parse can hold, stream the chunks through ``nlp.pipe``,
run the rules on each parsed chunk and put a document's chunks back together. Nothing
here knows of any other document, which is what lets the stage run in parallel and be
cached (kg.runner).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import rules
from kg.extract.aliases import aliases
from kg.extract.context import DocContext
from kg.extract.mentions import find_mentions, harmonize, propagate_names
from kg.extract.topics import find_topics
from kg.records import Document, Extraction
from kg.text.clean import CleanText, clean, headline
from kg.text.dates import publication_date

BATCH_SIZE = 32
"""Small batches suit article-length texts (see PERFORMANCE.md: faster and far less memory)."""
CHUNK_CHARS = 100_000
"""Longer documents are parsed in chunks: spaCy's parser needs about 1 GB per 100,000
characters, and its max_length (1,000,000) would refuse them whole."""


_Context = tuple[Document, CleanText, bool]
"""What goes through the parser with a piece of text: its document, the piece, and whether
it is the document's last."""


def extract_documents(
    documents: Sequence[Document], nlp: Language, chunk_chars: int = CHUNK_CHARS
) -> Iterator[Extraction]:
    """Clean and parse the documents as one stream (``nlp.pipe``) and run the rules on each.

    A document longer than ``chunk_chars`` is parsed in chunks that end at paragraph or
    sentence breaks, each mapped back to the document's own offsets, and the chunks'
    findings are put together: memory stays bounded and nothing is cut off.
    """
    size = min(chunk_chars, nlp.max_length)
    pieces = (
        (piece.text, (document, piece, last))
        for document in documents
        for piece, last in text_chunks(clean(document.text), size)
    )
    parts: list[Extraction] = []
    for doc, (document, piece, last) in _parsed(nlp, pieces, size):
        parts.append(extract(doc, document, piece))
        if last:
            yield merge_extractions(parts)
            parts = []


def _parsed(
    nlp: Language, pieces: Iterable[tuple[str, _Context]], size: int
) -> Iterator[tuple[Doc, _Context]]:
    """The pieces parsed in order, in batches of BATCH_SIZE that hold at most ``size``
    characters between them (one long chunk alone): spaCy's memory grows with the text of a
    batch, so a long document's chunks never go through the parser together."""
    batch: list[tuple[str, _Context]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) == BATCH_SIZE or chars + len(piece[0]) > size):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def text_chunks(text: CleanText, size: int) -> Iterator[tuple[CleanText, bool]]:
    """The cleaned text in pieces of at most ``size`` characters (a piece ends at a blank
    line, else a line break, else a sentence end, else a space, if one is near)."""
    if len(text.text) <= size:
        yield text, True
        return
    start = 0
    while start < len(text.text):
        end = min(start + size, len(text.text))
        if end < len(text.text):
            window = text.text[start + size // 2 : end]
            for mark in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(mark)
                if cut >= 0:
                    end = start + size // 2 + cut + len(mark)
                    break
        yield text.slice(start, end), end >= len(text.text)
        start = end


def merge_extractions(parts: Sequence[Extraction]) -> Extraction:
    """One document's findings from the chunks it was parsed in."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return Extraction(
        document=first.document,
        mentions=tuple(m for p in parts for m in p.mentions),
        facts=tuple(f for p in parts for f in p.facts),
        events=tuple(e for p in parts for e in p.events),
        aliases=tuple(a for p in parts for a in p.aliases),
        title=first.title,
        published=first.published,
    )


def extract(doc: Doc, document: Document, clean: CleanText) -> Extraction:
    """Everything the rules find in one parsed document (or chunk of one)."""
    found = harmonize(
        propagate_names(doc, document.id, clean, find_mentions(doc, document.id, clean))
    )
    same = aliases(found)
    published = document.published or publication_date(document.text)
    ctx = DocContext(doc, document.id, clean, found, find_topics(found, same), published)
    events = rules.all_events(ctx)
    return Extraction(
        document=document,
        mentions=tuple(f.mention for f in found),
        facts=tuple(rules.facts(ctx, events)),
        events=tuple(events),
        aliases=tuple(same),
        title=document.title or headline(clean.text),
        published=published,
    )
