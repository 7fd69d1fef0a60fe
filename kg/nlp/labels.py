"""The labels entity spans carry through the pipeline, and the ontology class each stands for.

Three kinds of label meet on a Doc: the statistical model's (PERSON, ORG, GPE ...), kg's
entity ruler's (ontology class names: a gazetteer or naming-pattern match, taken as
certain) and those of names kg's context component types ("the X rocket"), which are
spaCy-style so that they are checked like the model's guesses.
"""

from __future__ import annotations

from kg.vocab import ENTITY_TYPES, EntityType

RULER_LABELS: frozenset[str] = frozenset(ENTITY_TYPES)
"""Labels set by kg's entity ruler: ontology class names, so they never clash with spaCy's."""

CONTEXT_LABELS: dict[EntityType, str] = {
    "Person": "PERSON",
    "Organization": "ORG",
    "Place": "FAC",
    "CreativeWork": "WORK_OF_ART",
    "Spacecraft": "SPACECRAFT",
    "LaunchVehicle": "LAUNCH_VEHICLE",
    "SpaceStation": "SPACE_STATION",
    "Mission": "MISSION",
}
"""Labels for names typed by context: spaCy-style, so they read as the model's guesses
(checked like them), not as the ruler's certainties."""

CONTEXT_ONLY = frozenset({"SPACECRAFT", "LAUNCH_VEHICLE", "SPACE_STATION", "MISSION"})
"""Labels only kg's context cues give ("docked with X", "the X rocket"): surer than the model."""

NER_CLASSES: dict[str, EntityType] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "WORK_OF_ART": "CreativeWork",
    "SPACECRAFT": "Spacecraft",
    "LAUNCH_VEHICLE": "LaunchVehicle",
    "SPACE_STATION": "SpaceStation",
    "MISSION": "Mission",
}
"""spaCy's labels (and those kg's context component adds) to ontology classes."""

_BY_LABEL: dict[str, EntityType] = dict(NER_CLASSES)
for _cls in ENTITY_TYPES:  # the ruler's labels are the class names themselves
    _BY_LABEL[_cls] = _cls


UNCLASSED_NAMES = frozenset({"PRODUCT", "EVENT", "LAW", "LANGUAGE"})
"""The model's labels for names that no ontology class takes: a person's name the document
gives elsewhere still wins over them ("Roe will fly ..." read as a product)."""


def entity_type(label: str) -> EntityType | None:
    """The ontology class an entity label stands for, if any."""
    return _BY_LABEL.get(label)
