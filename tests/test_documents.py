from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.documents import read_documents
from kg.errors import InputError
from kg.paths import SEEDS_DIR


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


def test_empty_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"has no \.txt files"):
        read_documents([tmp_path])


def test_non_utf8_file_is_named_with_offset(tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Café".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.txt: not UTF-8 text \(bad byte at offset 3\)"):
        read_documents([bad])
