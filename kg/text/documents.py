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

File names are untrusted too: a name with a newline or with bytes that are not UTF-8 is
named in one line by :func:`shown`, and reaches the graph as valid Unicode (:func:`_text`).
A folder's links, pipes and devices, and a file that changes between being listed and being
read, are each skipped with a reason (:func:`_folder_files`, :func:`_read_bytes`), so the
build neither blocks nor loses a file unsaid.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
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
        return f"{shown(self.path)}: {self.reason}"


@dataclass(slots=True)
class Inputs:
    documents: list[Document] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    """The file each document was read from, in the same order."""
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things worth saying about files that were read (an encoding that was guessed)."""


class Unusable(Exception):
    """A file that cannot be turned into a document; the message says why."""


def collect_files(paths: Iterable[Path], inputs: Inputs) -> list[Path]:
    """Expand folders into their .txt and .html files (recursively, sorted); keep files as
    given. A missing path (or a link given by name that leads nowhere) is an error; a
    folder with nothing to read is skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            skipped = len(inputs.skipped)
            found = _folder_files(path, inputs)
            if not found and len(inputs.skipped) == skipped:
                kinds = "/".join(INPUT_SUFFIXES)
                inputs.skipped.append(Skipped(path, f"folder has no {kinds} files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            raise InputError(f"{shown(path)}: {_not_a_file(path)}")
        elif path.exists():
            files.append(path)  # a pipe or a device, named: read_document says why not
        else:
            raise InputError(f"{shown(path)}: no such file or folder")
    return files


def _folder_files(folder: Path, inputs: Inputs) -> list[Path]:
    """The .txt and .html files under ``folder``, sorted; what cannot be read goes to
    ``inputs.skipped`` with the reason, so nothing in the folder is left out unsaid.

    A link to a file is read as the file. A link to a folder is not followed (as ``find``
    and ``grep -r`` do not follow one): it may lead back up the tree, a loop, or anywhere on
    the disk; each one is named (given by name on the command line, it is read). A link
    with an input's name that leads nowhere or to itself, and a named pipe, socket or device
    with one, are named as well: opening a pipe would wait for a writer forever. A subfolder
    that cannot be listed is named too, where before it was passed over in silence.
    """
    found: list[Path] = []
    skipped: list[Skipped] = []

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        skipped.append(Skipped(where, f"cannot read the folder ({exc.strerror})"))

    for root, folders, names in os.walk(folder, onerror=unlisted):
        here = Path(root)
        for name in folders:  # os.walk lists a link to a folder here and does not enter it
            if (here / name).is_symlink():
                skipped.append(Skipped(here / name, _folder_link(here / name)))
        for name in names:
            path = here / name
            if path.suffix.lower() not in INPUT_SUFFIXES:
                continue
            if path.is_file():
                found.append(path)
            else:
                skipped.append(Skipped(path, _not_a_file(path)))
    inputs.skipped.extend(sorted(skipped, key=lambda s: s.path))
    return sorted(found)


def _folder_link(link: Path) -> str:
    """Why a link to a folder, inside an input folder, is not read."""
    target = Path(os.path.realpath(link))
    above = Path(os.path.realpath(link.parent))
    if target == above or target in above.parents:
        return "symbolic link loop (back to a folder above it), not followed"
    return "symbolic link to a folder, not followed (name the folder itself to read it)"


def _not_a_file(path: Path) -> str:
    """Why ``path``, which is neither a folder nor a regular file, is not read."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if not path.is_symlink():
            return "vanished before it could be read"
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"broken symbolic link (to {shown(os.readlink(path))})"
    return f"not a regular file ({_kind(mode)})"


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "a special file"


def shown(path: Path | str) -> str:
    """A path as kg's messages write it: as it is, unless it holds a character that would
    break the one-line message or that no terminal shows (a newline or another control
    character; bytes that are not UTF-8, which Python keeps as lone surrogates). Then it is
    quoted, with those as escapes (``'a\\nb.txt'``, ``'bad\\xff.txt'``), so the message
    stays one line and still names the file exactly."""
    text = str(path)
    if text.isprintable():
        return text
    out = []
    for char in text:
        if "\udc80" <= char <= "\udcff":  # an undecodable byte, as os.fsdecode keeps it
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char in "\\'":
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return "'" + "".join(out) + "'"


def _text(name: str) -> str:
    """A file name as text for the graph: a byte that is not UTF-8 (a lone surrogate in
    Python's reading of the name) becomes U+FFFD, as file managers show it. The document's
    name, IRI and cache key are encoded as UTF-8, which a lone surrogate stops."""
    return re.sub("[\ud800-\udfff]", "\ufffd", name)


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

    :raises Unusable: the file is empty, binary or undecodable, gone, or not a regular file.
    :raises InputError: the file cannot be read at all.
    """
    data = _read_bytes(path)
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
        id=doc_id or _text(path.stem),
        name=_text(path.name),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        title=title,
        published=published,
    )
    return document, note


_NO_WAITING = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
"""Open flags that keep a named pipe or a terminal from holding the build up (POSIX only)."""


def _read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, read from the one file opened.

    The checks are made on the open file, not on the name before it: a folder changes while
    kg works. A file deleted or moved since it was listed is skipped (``Unusable``), as a
    file that was never there; one replaced by a named pipe or a device is skipped, not
    read (a pipe would block the build forever, a device such as /dev/zero never ends); a
    file that is there and cannot be read (no permission, an I/O error) stops the build.

    :raises Unusable: the file is gone, or is not a regular file.
    :raises InputError: the file cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NO_WAITING | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise Unusable("vanished before it could be read") from None
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({exc.strerror})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Unusable(f"not a regular file ({_kind(mode)})")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({exc.strerror})") from exc
    finally:
        os.close(fd)


def read_inputs(paths: Iterable[Path], strict: bool = False) -> Inputs:
    """Read every usable file under ``paths``; document ids are file stems, made unique.

    Unusable files are skipped (``strict``: they stop everything); if nothing at all is
    left, that is an error naming what was skipped.
    """
    inputs = Inputs()
    seen: set[str] = set()
    for path in collect_files(paths, inputs):
        stem = _text(path.stem)
        doc_id = stem
        n = 2
        while doc_id in seen:
            doc_id = f"{stem}-{n}"
            n += 1
        try:
            document, note = read_document(path, doc_id)
        except Unusable as exc:
            inputs.skipped.append(Skipped(path, str(exc)))
            continue
        seen.add(doc_id)
        inputs.documents.append(document)
        inputs.files.append(path)
        if note:
            inputs.notes.append(f"{shown(path)}: {note}")
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
