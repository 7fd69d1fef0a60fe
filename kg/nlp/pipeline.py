"""Build the spaCy pipeline: the statistical model plus kg's domain rules. Nothing else.

The model is chosen as kg.nlp.model says. Nothing is downloaded: a missing model is a clear
error. A process loads each model once (workers of a parallel build keep theirs).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_suffix_regex

import kg.nlp.entities
import kg.nlp.sentences  # noqa: F401  (registers kg_sentence_bounds)
from kg.errors import ModelError
from kg.lexicon import context, fleets, gazetteer, naming_schemes
from kg.nlp.model import DEFAULT_MODELS, INSTALL_HINT, MODEL_ENV, model_name
from kg.nlp.tokens import ADJECTIVES, COMMON_NOUNS

RULER_NAME = "kg_entity_ruler"


__all__ = ["DEFAULT_MODELS", "MODEL_ENV", "add_rules", "load_pipeline", "model_name"]


def load_pipeline(model: str | None = None) -> Language:
    """Load the model and add kg's entity rules after its NER (once per process and model:
    the pipeline is not changed by use)."""
    return _load(model_name(model))


@cache
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"spaCy model {name!r} cannot be loaded; install one with: {INSTALL_HINT}"
        ) from exc
    add_rules(nlp)
    return nlp


def add_rules(nlp: Language) -> Language:
    """Add sentence bounds by line, the domain entity ruler, typing by context, and a
    sentencizer if the pipeline has nothing that sets sentences.

    The ruler runs after the statistical NER and overwrites what it overlaps, so the
    gazetteer and the naming patterns correct the model's types and boundaries; the
    context component then retypes and adds names by the words around them.
    """
    _split_designator_full_stops(nlp)
    _share_common_nouns(nlp)
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_sentence_bounds", before="parser")
    else:
        after = "sentencizer" if "sentencizer" in nlp.pipe_names else None
        nlp.add_pipe("kg_sentence_bounds", after=after)
    config = {"overwrite_ents": True, "validate": True}
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_model_names", after="ner")
    else:
        nlp.add_pipe("kg_model_names")
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, after="kg_model_names", config=config)
    ruler.add_patterns(entity_patterns(nlp))  # type: ignore[attr-defined]
    nlp.add_pipe("kg_entity_context", after=RULER_NAME)
    return nlp


def _split_designator_full_stops(nlp: Language) -> None:
    # a sentence's full stop after "TMA-20M" or "STS-41-G": spaCy keeps it in the token,
    # which hides the designator from the patterns and joins two sentences
    # ("Vasko/" at a list line's end: the mark too)
    cues = context()
    suffixes = [*nlp.Defaults.suffixes, *cues.designator_full_stops, *cues.trailing_marks]  # type: ignore[misc]
    tokenizer: Any = nlp.tokenizer
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def _share_common_nouns(nlp: Language) -> None:
    # the lemmatizer's WordNet index of nouns and adjectives tells "Astronaut Training" from
    # "Astronaut Tanaka" and "Russian" from "Harmony"; the vocabulary carries them to kg's
    # components (kg.nlp.tokens.is_common_noun, is_adjective)
    if "lemmatizer" not in nlp.pipe_names or nlp.vocab.lookups.has_table(COMMON_NOUNS):
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    nlp.vocab.lookups.add_table(COMMON_NOUNS, dict.fromkeys(index.get("noun") or [], True))
    nlp.vocab.lookups.add_table(ADJECTIVES, dict.fromkeys(index.get("adj") or [], True))


def entity_patterns(nlp: Language) -> list[dict[str, Any]]:
    """Entity-ruler patterns from the gazetteer and the spacecraft naming patterns."""
    patterns: list[dict[str, Any]] = []
    for entry in gazetteer():
        for name in [entry.name, *entry.aliases]:
            tokens = nlp.make_doc(name)
            if len(tokens) == 1:
                token_pattern = [{"TEXT": tokens[0].text}]
            else:
                token_pattern = [{"LOWER": t.lower_} for t in tokens]
            patterns.append({"label": entry.type, "pattern": token_pattern, "id": entry.name})
    for scheme in naming_schemes():  # copies: the ruler may keep what it is given
        for pattern in scheme.patterns:
            patterns.append({"label": scheme.cls, "pattern": copy.deepcopy(list(pattern))})
    for fleet in fleets():  # "shuttle Atlantis", "Space Shuttle: Atlantis"
        for cue in fleet.cues:
            for member in fleet.members:
                words: list[dict[str, Any]] = [{"LOWER": word} for word in cue]
                words += [{"TEXT": ":", "OP": "?"}, {"TEXT": member}]
                patterns.append(
                    {"label": fleet.cls, "pattern": words, "id": fleet.canonical(member)}
                )
    return patterns


def model_description(nlp: Language) -> str:
    """``name version`` of the loaded model, for the build record."""
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"
    )
