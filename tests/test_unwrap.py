"""Hard-wrapped texts (press wires, mailing lists) are joined back into paragraphs."""

from __future__ import annotations

from kg.text.clean import clean, unwrap

WRAPPED = (
    "Headline of the Day\n"
    "\n"
    "March 3, 2001\n"
    "The agency named the members of its advisory board on Monday and\n"
    "said the Interplanetary Logistics Review Board would meet in June\n"
    "at the Northern Proving Grounds. Its members will serve two years,\n"
    "and the board will report to the council at the end of each year,\n"
    "its chair said, after the first meeting of the board was planned.\n"
    "Chair: Jane Roe\n"
)


def test_soft_line_breaks_become_spaces_and_offsets_map_back() -> None:
    cleaned = clean(WRAPPED)
    assert "Monday and said the Interplanetary Logistics Review Board would meet" in cleaned.text
    assert "in June at the Northern" in cleaned.text
    start = cleaned.text.index("Board would")
    assert WRAPPED[cleaned.to_original(start) :].startswith("Board would")


def test_short_lines_and_fields_keep_their_breaks() -> None:
    text = unwrap(WRAPPED)
    assert text is not None
    assert "Headline of the Day\n\nMarch 3, 2001\nThe agency" in text.text
    assert "was planned.\nChair: Jane Roe" in text.text


def test_texts_with_long_lines_are_not_touched() -> None:
    assert unwrap("One paragraph. " * 20 + "\nShort line\n" * 6) is None
