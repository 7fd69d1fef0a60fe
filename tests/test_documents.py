"""Reading untrusted input: encodings, empty and binary files, HTML pages."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.paths import SEEDS_DIR
from kg.text.documents import read_documents, read_inputs

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def test_folder_gives_sorted_documents_with_digests() -> None:
    documents = read_documents([SEEDS_DIR])
    assert [d.name for d in documents] == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    first = documents[0]
    assert first.sha256 == hashlib.sha256((SEEDS_DIR / first.name).read_bytes()).hexdigest()
    assert first.id == Path(first.name).stem


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Text {folder}.", encoding="utf-8")
    ids = [d.id for d in read_documents([tmp_path])]
    assert len(set(ids)) == 2


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match="nope: no such file or folder"):
        read_documents([missing])


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_empty_and_blank_files_and_empty_folders_are_skipped(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", b"The crew launched on Tuesday.")
    empty = _write(tmp_path, "empty.txt", b"")
    blank = _write(tmp_path, "blank.txt", b"  \n\t\r\n  ")
    hollow = tmp_path / "hollow"
    hollow.mkdir()
    inputs = read_inputs([good, empty, blank, hollow])
    assert [d.name for d in inputs.documents] == ["good.txt"]
    assert sorted(str(s) for s in inputs.skipped) == sorted(
        [
            f"{empty}: empty file",
            f"{blank}: only white space",
            f"{hollow}: folder has no .txt/.html/.htm files",
        ]
    )


def test_nothing_left_is_an_error_naming_what_was_skipped(tmp_path: Path) -> None:
    empty = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(InputError, match=f"nothing to build: {empty}: empty file"):
        read_inputs([empty])


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café Ørsted and Zoë flew.".encode("latin-1"), "windows-1252"),
        ("“Quoted” — Café".encode("cp1252"), "windows-1252"),
        ("Café Ørsted flew.".encode("utf-16"), ""),  # Python writes the BOM
        ("Café Ørsted flew.".encode("utf-16-be").join([b"\xfe\xff", b""]), ""),
        (b"\xef\xbb\xbf" + "Café Ørsted flew.".encode(), ""),
        ("Café Ørsted flew.".encode(), ""),
    ],
    ids=["latin-1", "cp1252", "utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "utf-8"],
)
def test_encodings_and_byte_order_marks(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = _write(tmp_path, "text.txt", data)
    inputs = read_inputs([path])
    [document] = inputs.documents
    assert isinstance(document.text, str)
    assert not document.text.startswith("\ufeff"), "the byte-order mark is not text"
    assert "Café" in document.text or "“Quoted”" in document.text
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert inputs.notes == ([f"{path}: read as {encoding}"] if encoding else [])


def test_undecodable_files_are_named_with_the_byte_offset_and_skipped(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", b"The crew launched.")
    broken = _write(tmp_path, "broken.txt", "Café ".encode() + b"\xff\xfe bad")
    bad_utf16 = _write(tmp_path, "bad16.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")
    inputs = read_inputs([good, broken, bad_utf16])
    assert [d.name for d in inputs.documents] == ["good.txt"]
    assert [str(s) for s in inputs.skipped] == [
        f"{broken}: not UTF-8 text (bad byte at offset 6)",
        f"{bad_utf16}: not valid UTF-16-LE (bad byte at offset 6)",
    ]


def test_strict_makes_any_unusable_file_fatal(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", b"The crew launched.")
    broken = _write(tmp_path, "broken.txt", "Café ".encode() + b"\xff")
    with pytest.raises(InputError, match=r"broken\.txt: not UTF-8 text .*--strict stops"):
        read_inputs([good, broken], strict=True)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.png", PNG, "binary file (a PNG image), not text"),
        (
            "story.txt.gz",
            gzip.compress(b"The crew launched." * 50),
            "binary file (gzip data), not text",
        ),
        (
            "disguised.txt",
            b"\x00\x01\x02text\x00" * 100,
            "binary file (it holds NUL bytes), not text",
        ),
    ],
)
def test_binary_files_are_skipped_with_a_warning(
    tmp_path: Path, name: str, data: bytes, kind: str
) -> None:
    good = _write(tmp_path, "good.txt", b"The crew launched.")
    binary = _write(tmp_path, name, data)
    inputs = read_inputs([good, binary])
    assert [d.name for d in inputs.documents] == ["good.txt"]
    assert [str(s) for s in inputs.skipped] == [f"{binary}: {kind}"]


def test_a_folder_reads_text_and_html_only(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"The crew launched.")
    _write(
        tmp_path,
        "b.html",
        b"<html><body><article><p>The crew launched on Tuesday from the cosmodrome.</p></article></body></html>",
    )
    _write(tmp_path, "c.png", PNG)
    assert [d.name for d in read_documents([tmp_path])] == ["a.txt", "b.html"]


PAGE = b"""<!DOCTYPE html>
<html><head><title>Crew flies to the station | Space News</title>
<meta property="article:published_time" content="2021-04-02T08:00:00Z"></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> Share on Facebook Share on X</nav>
<article>
<h1>Crew flies to the station</h1>
<p>The Soyuz MS-40 spacecraft lifted off from the Baikonur Cosmodrome on Tuesday, carrying
cosmonaut Ivan Petrov and astronaut Jane Doe to the International Space Station.</p>
<p>The crew will spend six months aboard the orbiting laboratory.</p>
</article>
<aside>Related: ten facts about rockets. Subscribe to our newsletter!</aside>
<footer>Copyright 2021 Space News. All rights reserved. Cookie settings.</footer>
<script>var tracking = "do not read me";</script>
</body></html>"""


def test_html_gives_the_main_text_without_boilerplate(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.html", PAGE)
    [document] = read_documents([page])
    assert document.source == "html"
    assert "The Soyuz MS-40 spacecraft lifted off" in document.text
    assert "six months aboard" in document.text
    for boilerplate in ("Share on Facebook", "Copyright", "newsletter", "tracking", "Cookie"):
        assert boilerplate not in document.text
    assert document.title.startswith("Crew flies to the station")
    assert str(document.published) == "2021-04-02"
    assert document.sha256 == hashlib.sha256(PAGE).hexdigest()


def test_an_html_page_without_main_text_is_skipped(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", b"The crew launched.")
    hollow = _write(
        tmp_path,
        "hollow.html",
        b"<html><head><title>x</title></head><body><script>var a;</script></body></html>",
    )
    inputs = read_inputs([good, hollow])
    assert [str(s) for s in inputs.skipped] == [f"{hollow}: no main text in the page"]
