"""The extraction cache: each document's findings on disk, so that a rebuild parses only
new or changed documents.

An entry is keyed by the document (its bytes' sha256, its id and file name), the model
(name and version, from its meta.json) and kg itself (a digest of its rule files in
``kg/data/`` and of its code): change any of them and the entry is simply not found.
Entries are pickles written atomically, so two builds can share a cache; one that cannot
be read is treated as missing. The cache also remembers, per output file, what the last
build was made of, so a build whose inputs and options have not changed leaves the
output alone and returns at once.

The default folder is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.lexicon import data_fingerprint
from kg.nlp.model import model_info
from kg.paths import PACKAGE_DIR
from kg.records import Document, Extraction

CACHE_ENV = "KG_CACHE_DIR"
FORMAT = 1
"""Bumped when the entries' layout changes."""


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


@cache
def code_fingerprint() -> str:
    """A digest of kg's rule files (kg.lexicon.data_fingerprint) and code: what an
    extraction depends on besides the document and the model."""
    digest = hashlib.sha256(data_fingerprint().encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def pipeline_fingerprint(model: str | None = None) -> str:
    info = model_info(model)
    return _digest(str(FORMAT), info.name, info.version, code_fingerprint())


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


class ExtractionCache:
    """Extractions on disk under ``folder``, for one pipeline (see pipeline_fingerprint)."""

    def __init__(self, folder: Path, pipeline: str) -> None:
        self.folder = folder
        self.pipeline = pipeline
        self.hits = 0
        self.misses = 0

    def key(self, document: Document) -> str:
        return _digest(self.pipeline, document.sha256, document.id, document.name)

    def _path(self, key: str) -> Path:
        return self.folder / "extractions" / key[:2] / f"{key}.pickle"

    def get(self, document: Document) -> Extraction | None:
        try:
            with self._path(self.key(document)).open("rb") as handle:
                found = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
            found = None
        if isinstance(found, Extraction) and found.document == document:
            self.hits += 1
            return found
        self.misses += 1
        return None

    def put(self, extraction: Extraction) -> None:
        """Store an extraction; a cache that cannot be written is not an error."""
        _write_quietly(self._path(self.key(extraction.document)), pickle.dumps(extraction))

    # -- what each output was last built from

    def build_fingerprint(self, documents: Sequence[Document], options: dict[str, object]) -> str:
        keys = [self.key(d) for d in documents]
        return _digest(json.dumps(options, sort_keys=True, default=str), *keys)

    def up_to_date(self, output: Path, fingerprint: str) -> bool:
        """Whether ``output`` is, byte for byte, what a build with ``fingerprint`` wrote."""
        recorded = read_build_record(self.folder, output)
        try:
            written = _file_digest(output)
        except OSError:
            return False
        return recorded is not None and (recorded.fingerprint, recorded.output) == (
            fingerprint,
            written,
        )

    def record(self, output: Path, fingerprint: str, record: BuildRecord | None = None) -> None:
        """Note that ``output``, as it is now, is what a build with ``fingerprint`` wrote
        (from the files and with the settings ``record`` names, for kg remove)."""
        try:
            written = _file_digest(output)
        except OSError:
            return
        manifest: dict[str, object] = {"build": fingerprint, "output": written}
        if record is not None:
            manifest |= {"files": record.files, "ids": record.ids, "settings": record.settings}
        _write_quietly(_manifest(self.folder, output), json.dumps(manifest).encode())


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What the cache remembers of the build that wrote an output."""

    files: list[str]
    """The input files, in the order read."""
    ids: list[str]
    """Their documents' ids."""
    settings: Mapping[str, object]
    """The options the output depends on (model, format, validation, pinned times)."""
    fingerprint: str = ""
    output: str = ""
    """The output's sha256 as written."""


def _manifest(folder: Path, output: Path) -> Path:
    return folder / "outputs" / f"{_digest(str(output.resolve()))}.json"


def read_build_record(folder: Path, output: Path) -> BuildRecord | None:
    """The cache's record of the build that last wrote ``output``, or None."""
    try:
        body = json.loads(_manifest(folder, output).read_text(encoding="utf-8"))
        return BuildRecord(
            [str(f) for f in body.get("files", [])],
            [str(i) for i in body.get("ids", [])],
            dict(body.get("settings", {})),
            str(body["build"]),
            str(body["output"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _write_quietly(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``, so an
    entry is whole or absent whenever the build stops (a kill, Ctrl-C). A failure to write
    is ignored; an interrupt removes the temporary file before it goes on, so that Ctrl-C
    leaves no stray file in the cache (as kg.graph.formats.write_atomic does for a graph)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    except OSError:
        return  # a read-only cache only costs time
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # a full cache only costs time
    except BaseException:
        Path(tmp).unlink(missing_ok=True)  # interrupted: no stray temporary file
        raise


def clear_cache(folder: Path | None = None) -> tuple[Path, int]:
    """Remove every entry; the folder and the number of files removed."""
    folder = folder or default_cache_dir()
    count = sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
    for part in ("extractions", "outputs"):
        shutil.rmtree(folder / part, ignore_errors=True)
    return folder, count
