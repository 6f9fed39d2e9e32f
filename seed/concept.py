"""The town's integration concept as data: per field of action its goals and proposed measures
(``data/integration-concept.toml``), in German as the project group wrote them and in English."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import msgspec

from models.taxonomy import FieldOfAction

CONCEPT_FILE = Path(__file__).parent / "data" / "integration-concept.toml"


class FieldConcept(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    goals_de: list[str]
    goals_en: list[str]
    measures_de: list[str]
    measures_en: list[str]

    def goals(self, language: str) -> list[str]:
        return self.goals_en if language == "en" else self.goals_de

    def measures(self, language: str) -> list[str]:
        return self.measures_en if language == "en" else self.measures_de


@cache
def integration_concept() -> dict[FieldOfAction, FieldConcept]:
    """Goals and measures of every field of action; the file must name each field once, in both languages."""
    with CONCEPT_FILE.open("rb") as file:
        raw = tomllib.load(file)
    concept = msgspec.convert(raw, dict[FieldOfAction, FieldConcept])
    missing = set(FieldOfAction) - set(concept)
    uneven = [
        field.value
        for field, entry in concept.items()
        if len(entry.goals_de) != len(entry.goals_en) or len(entry.measures_de) != len(entry.measures_en)
    ]
    if missing or uneven:
        raise ValueError(f"{CONCEPT_FILE}: fields missing {sorted(missing)}, German and English differ in {uneven}")
    return concept
