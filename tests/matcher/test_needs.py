"""The documented need rules, as a table of profiles and what must stand out."""

from __future__ import annotations

from typing import Any

import pytest

from matcher.needs import CLEAR_NEED, needs_of
from matcher.offer_matrix import FIELDS
from models.taxonomy import CATEGORY_CODES, FieldOfAction
from tests.matcher.conftest import profile


def category_need(facts: dict[str, Any], code: str) -> float:
    return float(needs_of(profile(**facts)).category[CATEGORY_CODES.index(code)])


@pytest.mark.parametrize(
    ("facts", "code", "low", "high"),
    [
        ({"german_level": "none"}, "bildung_sprache.integration_course", 0.8, 1.0),
        ({"german_level": "A2"}, "bildung_sprache.integration_course", 0.7, 1.0),
        ({"german_level": "B2"}, "bildung_sprache.integration_course", 0.0, 0.0),
        ({"children_ages": [2]}, "bildung_sprache.early_education", 0.9, 1.0),
        ({"children_ages": [9]}, "bildung_sprache.early_education", 0.0, 0.0),
        ({"children_ages": [3], "german_level": "A1"}, "bildung_sprache.language_course_childcare", 0.9, 1.0),
        ({"housing": "homeless"}, "wohnen.emergency_housing", 1.0, 1.0),
        ({"housing": "at_risk"}, "wohnen.emergency_housing", 0.6, 0.8),
        ({"housing": "own_flat"}, "wohnen.emergency_housing", 0.0, 0.0),
        ({"months_in_germany": 2}, "willkommen.welcome_info", 0.9, 1.0),
        ({"months_in_germany": 60}, "willkommen.welcome_info", 0.0, 0.2),
        ({"foreign_qualification": True, "qualification": "university"}, "arbeit.recognition", 0.9, 1.0),
        ({"health": ["trauma"]}, "gesundheit.trauma_support", 1.0, 1.0),
        ({"pregnant": True}, "gesundheit.mother_child", 1.0, 1.0),
        ({"work": "employed", "german_level": "B1"}, "arbeit.job_language_course", 0.8, 0.8),
        ({"children_ages": [8], "german_level": "A1"}, "bildung_sprache.school_language_class", 0.8, 0.8),
        ({"age": 16}, "teilhabe.youth", 0.8, 0.8),
    ],
)
def test_need_rules(facts: dict[str, Any], code: str, low: float, high: float) -> None:
    assert low - 1e-6 <= category_need(facts, code) <= high + 1e-6


def test_every_need_is_between_0_and_1() -> None:
    needs = needs_of(
        profile(housing="homeless", pregnant=True, health=["trauma", "care_for_relative"], priorities=["wohnen"])
    )
    assert needs.category.min() >= 0
    assert needs.category.max() <= 1
    assert needs.field.max() <= 1


def test_a_field_need_is_its_strongest_category_and_priorities_raise_it() -> None:
    plain = needs_of(profile(housing="own_flat"))
    asked = needs_of(profile(housing="own_flat", priorities=["wohnen"]))
    wohnen = FIELDS.index(FieldOfAction.WOHNEN)
    strongest = max(plain.category[i] for i, code in enumerate(CATEGORY_CODES) if code.startswith("wohnen."))
    assert plain.field[wohnen] == pytest.approx(strongest)
    assert asked.field[wohnen] == pytest.approx(min(1.0, strongest + 0.3))


def test_homeless_with_little_german_has_clear_housing_and_language_needs() -> None:
    needs = needs_of(profile(housing="homeless", german_level="none"))
    clear = {FIELDS[i] for i in range(len(FIELDS)) if needs.field[i] >= CLEAR_NEED}
    assert {FieldOfAction.WOHNEN, FieldOfAction.BILDUNG_SPRACHE} <= clear
