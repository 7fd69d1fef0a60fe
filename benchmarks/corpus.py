"""Synthetic corpora for the benchmarks, made of sentences from the bundled seed articles.

Each document is a random selection of seed sentences in a random order, grouped into
paragraphs, so no two documents are the same file and neither a cache nor deduplication can
make a build look faster than it is. The same seed gives the same corpus.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
MIN_WORDS = 4
"""Shorter lines ("1/5", "Advertisement", bylines) are dropped."""
MIN_CHARS = 20
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TERMINATED = re.compile(r"[.!?][\"'”’)]*$")
MAX_PARAGRAPH = 4
"""Sentences per paragraph at most (paragraphs are separated by blank lines)."""


@cache
def seed_sentences(folder: Path = SEEDS_DIR) -> tuple[str, ...]:
    """The distinct sentences of the seed articles, in the order they first appear: each
    line split after a full stop, question or exclamation mark, very short pieces dropped."""
    seen: dict[str, None] = {}
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for piece in _SENTENCE_END.split(line.strip()):
                sentence = " ".join(piece.split())
                if len(sentence) >= MIN_CHARS and len(sentence.split()) >= MIN_WORDS:
                    seen.setdefault(sentence, None)
    if not seen:
        raise ValueError(f"{folder}: no seed sentences found in *.txt")
    return tuple(seen)


def make_document(sentences: Sequence[str], rng: random.Random) -> str:
    """Sentences joined into paragraphs of one to MAX_PARAGRAPH sentences; a sentence without
    a final full stop (a headline or caption) ends its paragraph, as in the articles."""
    paragraphs: list[str] = []
    current: list[str] = []
    limit = rng.randint(1, MAX_PARAGRAPH)
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= limit or not _TERMINATED.search(sentence):
            paragraphs.append(" ".join(current))
            current, limit = [], rng.randint(1, MAX_PARAGRAPH)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"


def make_corpus(n_docs: int, folder: Path, seed: int = 0, sentences_per_doc: int = 12) -> int:
    """Write ``n_docs`` documents ``doc00000.txt`` ... into ``folder`` (created if missing),
    each a random selection of ``sentences_per_doc`` seed sentences in shuffled order, no two
    alike. Returns the corpus's word count (whitespace-separated)."""
    pool = seed_sentences()
    per_doc = min(sentences_per_doc, len(pool))
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    words = 0
    for index in range(n_docs):
        for _attempt in range(100):
            text = make_document(rng.sample(pool, per_doc), rng)
            if text not in written:
                break
        else:
            raise ValueError(f"cannot make {n_docs} distinct documents from {len(pool)} sentences")
        written.add(text)
        (folder / f"doc{index:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words
