"""Read input paths into Documents: text in any common encoding, or HTML pages.

Untrusted input is expected. A file that cannot be used (empty, binary, undecodable) is
skipped with a reason, and the build goes on with the rest; ``strict`` makes any such
file an error. Nothing is read twice and no bytes ever reach the NLP: a Document holds
decoded text.

Encodings: a byte-order mark decides (UTF-8, UTF-16, UTF-32; the mark is not part of the
text); otherwise strict UTF-8; otherwise, when the file has no UTF-8 multi-byte sequence
at all, a single-byte encoding (Windows-1252, else Latin-1). A file that mixes valid
UTF-8 with invalid bytes is undecodable, and the message names the first bad byte.
Offsets in the graph count characters of this decoded text (for HTML, of the text
trafilatura extracts, which the graph then carries as ``nif:isString``).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.records import Document, SourceKind

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x7fELF", "a program"),
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_SNIFF = 8192
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input file left out of the build, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class Inputs:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things worth saying about files that were read (an encoding that was guessed)."""


class Unusable(Exception):
    """A file that cannot be turned into a document; the message says why."""


def collect_files(paths: Iterable[Path], inputs: Inputs) -> list[Path]:
    """Expand folders into their .txt and .html files (recursively, sorted); keep files as
    given. A missing path is an error; a folder with nothing to read is skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
            if not found:
                kinds = "/".join(INPUT_SUFFIXES)
                inputs.skipped.append(Skipped(path, f"folder has no {kinds} files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file's bytes and the encoding it was read in."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise Unusable(
                    f"not valid {encoding.upper()} (bad byte at offset {exc.start + len(bom)})"
                ) from None
    _refuse_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):  # UTF-8 with broken bytes, not another encoding
            raise Unusable(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _refuse_binary(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Unusable(f"binary file ({kind}), not text")
    # text may hold a stray NUL or control character (normalized later); data is full of them
    head = data[:_SNIFF]
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        kind = "it holds NUL bytes" if b"\x00" in head else "too many control bytes"
        raise Unusable(f"binary file ({kind}), not text")


def read_document(path: Path, doc_id: str | None = None) -> tuple[Document, str]:
    """Read one text or HTML file; the second value says how, when worth saying.

    :raises Unusable: the file is empty, binary or undecodable.
    :raises InputError: the file cannot be read at all.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if not data.strip():
        raise Unusable("empty file" if not data else "only white space")
    text, encoding = decode(data)
    note = f"read as {encoding}" if encoding in {"windows-1252", "latin-1"} else ""
    title, published = "", None
    source: SourceKind = "text"
    if path.suffix.lower() in HTML_SUFFIXES:
        from kg.text.html import extract_html  # trafilatura loads only when there is HTML

        page = extract_html(text)
        text, title, published, source = page.text, page.title, page.published, "html"
    if not text.strip():
        raise Unusable("no text in it" if source == "text" else "no main text in the page")
    document = Document(
        id=doc_id or path.stem,
        name=path.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        title=title,
        published=published,
    )
    return document, note


def read_inputs(paths: Iterable[Path], strict: bool = False) -> Inputs:
    """Read every usable file under ``paths``; document ids are file stems, made unique.

    Unusable files are skipped (``strict``: they stop everything); if nothing at all is
    left, that is an error naming what was skipped.
    """
    inputs = Inputs()
    seen: set[str] = set()
    for path in collect_files(paths, inputs):
        doc_id = path.stem
        n = 2
        while doc_id in seen:
            doc_id = f"{path.stem}-{n}"
            n += 1
        try:
            document, note = read_document(path, doc_id)
        except Unusable as exc:
            inputs.skipped.append(Skipped(path, str(exc)))
            continue
        seen.add(doc_id)
        inputs.documents.append(document)
        if note:
            inputs.notes.append(f"{path}: {note}")
    if strict and inputs.skipped:
        first = inputs.skipped[0]
        more = f" (and {len(inputs.skipped) - 1} more)" if len(inputs.skipped) > 1 else ""
        raise InputError(f"{first}{more}; --strict stops at any unusable input")
    if not inputs.documents:
        reasons = "; ".join(str(s) for s in inputs.skipped[:3]) or "no input files"
        raise InputError(f"nothing to build: {reasons}")
    return inputs


def read_documents(paths: Iterable[Path], strict: bool = False) -> list[Document]:
    """The documents of :func:`read_inputs`, without the list of what was skipped."""
    return read_inputs(paths, strict).documents
