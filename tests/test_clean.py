from __future__ import annotations

from kg.paths import SEEDS_DIR
from kg.text.clean import boilerplate_spans, clean

PAGE = """Advertisement
Crew heads to the station

The crew launched on Tuesday. (Image courtesy: Jane Roe/Agency/Handout via REUTERS)
Space Agency Press Service/Handout/Some Agency via Getty Images
icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon closeicon
russian film crew space
Share this article
By Jane Roe
The film is about a doctor.
Also on example.com WATCH: something else entirely
You might also like
Another story about rockets
"""


def test_boilerplate_is_dropped_and_text_kept() -> None:
    cleaned = clean(PAGE).text
    assert "The crew launched on Tuesday." in cleaned
    assert "The film is about a doctor." in cleaned
    assert "Crew heads to the station" in cleaned
    junk = ["Advertisement", "Image courtesy", "Getty", "bookmarkicon", "russian film crew space"]
    junk += ["Share this", "Jane Roe", "WATCH", "might also like", "Another story"]
    for item in junk:
        assert item not in cleaned, item


def test_lines_stay_apart() -> None:
    cleaned = clean("First line.\nAdvertisement\nSecond line.").text
    assert cleaned == "First line.\n\nSecond line."


def test_every_kept_character_maps_back_to_the_original() -> None:
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        cleaned = clean(original)
        for i, ch in enumerate(cleaned.text):
            j = cleaned.to_original(i)
            assert original[j] == ch or not ch.strip(), (path.name, i, ch)


def test_span_maps_back_exactly() -> None:
    cleaned = clean(PAGE)
    start = cleaned.text.index("The film is about a doctor.")
    end = start + len("The film is about a doctor.")
    a, b = cleaned.span_to_original(start, end)
    assert PAGE[a:b] == "The film is about a doctor."


def test_inline_credit_inside_a_sentence_is_replaced_by_a_space() -> None:
    text = "They flew (Image courtesy: A/B) home."
    assert clean(text).text == "They flew   home."
    spans = boilerplate_spans(text)
    assert text[spans[0][0] : spans[0][1]] == "(Image courtesy: A/B)"
