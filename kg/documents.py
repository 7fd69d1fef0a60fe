"""Read input paths into Documents, refusing bad input before any work is done."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.records import Document

TEXT_SUFFIXES = (".txt",)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their text files (recursively, sorted); keep files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
            if not found:
                raise InputError(f"{path}: folder has no {'/'.join(TEXT_SUFFIXES)} files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def read_document(path: Path, doc_id: str | None = None) -> Document:
    """Read one UTF-8 text file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    return Document(
        id=doc_id or path.stem,
        name=path.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_documents(paths: Iterable[Path]) -> list[Document]:
    """Read every text file under ``paths``; document ids are file stems, made unique."""
    documents: list[Document] = []
    seen: set[str] = set()
    for path in collect_files(paths):
        doc_id = path.stem
        n = 2
        while doc_id in seen:
            doc_id = f"{path.stem}-{n}"
            n += 1
        seen.add(doc_id)
        documents.append(read_document(path, doc_id))
    return documents
