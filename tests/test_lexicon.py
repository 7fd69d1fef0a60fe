"""The lexicon: every data file loads into its typed accessor, a broken file is named, and
the rule table is sound."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kg.lexicon as lexicon
from kg.records import Mention
from kg.vocab import EventType, Predicate, literal_values


def test_every_accessor_loads() -> None:
    assert "crew" in lexicon.triggers().crew_nouns
    assert lexicon.grammar().pronouns["they"] == 2
    assert "astronaut" in lexicon.role_nouns()
    assert lexicon.is_generic("Space Shuttle") and lexicon.is_generic("Soyuz")
    assert lexicon.context().site_rank("Baikonur Cosmodrome") == 0
    assert any(entry.name == "NASA" for entry in lexicon.gazetteer())
    assert lexicon.naming_schemes() and lexicon.name_forms() and lexicon.boilerplate().drop_lines
    assert lexicon.film_roles()["actedIn"] >= {"actress"}
    assert "space" in lexicon.not_entities()
    assert "oleg" in lexicon.given_names()
    assert lexicon.rules() and 0 < lexicon.mention_confidence().minimum < 1


def test_a_data_file_without_a_list_its_accessor_promises_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(lexicon.DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "triggers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["crew_verbs"]
    data["crew_verb"] = {"about": "misspelt", "words": ["fly"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path / "data")
    with pytest.raises(ValueError, match=r"triggers\.json.*crew_verbs.*crew_verb"):
        lexicon._sections(lexicon.Triggers, "triggers.json")


def test_an_unknown_class_in_a_data_file_is_named() -> None:
    with pytest.raises(ValueError, match=r"gazetteer\.json: 'Starship' is not an entity class"):
        lexicon._entity_type("Starship", "gazetteer.json")


def test_every_rule_extracts_a_predicate_or_an_event_with_a_confidence_below_one() -> None:
    targets = set(literal_values(Predicate)) | set(literal_values(EventType))
    for rule in lexicon.rules().values():
        assert rule.extracts in targets, rule.key
        assert 0 < rule.confidence < 1, rule.key
        assert rule.name and rule.example, rule.key
        assert rule.key == rule.name or rule.key.startswith(rule.name + "/"), rule.key


def test_asking_a_rule_for_what_it_does_not_extract_is_an_error() -> None:
    assert lexicon.rule("crew-list", "crewMemberOf").confidence == 0.8
    with pytest.raises(ValueError, match="extracts crewMemberOf, not memberOf"):
        lexicon.rule("crew-list", "memberOf")
    with pytest.raises(KeyError, match="no-such-rule"):
        lexicon.rule("no-such-rule")


def test_a_mention_is_as_sure_as_the_data_says_the_model_is() -> None:
    mention = Mention("d", 0, 3, "Bob", "Person")
    assert mention.confidence == lexicon.mention_confidence().ner
