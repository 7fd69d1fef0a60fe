"""What a spawned writer process runs: a module of its own, so that the child imports
kg's writer and not the whole test module (spaCy among it)."""

from __future__ import annotations

from pathlib import Path

from kg.graph.formats import write_atomic


def write_forever(path: str, payload: bytes, rounds: int) -> None:
    """Replace the file at ``path`` with ``payload`` ``rounds`` times, as a build would."""
    for _ in range(rounds):
        write_atomic(Path(path), payload)
