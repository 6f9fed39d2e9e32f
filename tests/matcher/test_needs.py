"""Needs from the whole person, as a table of profiles and what must (and must not) stand out."""

from __future__ import annotations

from typing import Any

import pytest

from matcher.needs import CLEAR_NEED, URGENT_NEED, needs_of
from matcher.offer_matrix import FIELDS
from models.taxonomy import CATEGORY_CODES, FieldOfAction
from tests.matcher.conftest import profile


def category_need(facts: dict[str, Any], code: str) -> float:
    return float(needs_of(profile(**facts)).category[CATEGORY_CODES.index(code)])


@pytest.mark.parametrize(
    ("facts", "code", "low", "high"),
    [
        ({"german_level": "none"}, "bildung_sprache.integration_course", 0.8, 1.0),
        ({"german_level": "B1"}, "bildung_sprache.integration_course", 0.0, 0.0),  # the course aims at B1
        ({"german_level": "A1", "age": 15, "work": "in_school"}, "bildung_sprache.integration_course", 0.0, 0.0),
        ({"german_level": "none", "literacy": "none"}, "bildung_sprache.literacy_course", 0.9, 1.0),
        ({"german_level": "A1", "literacy": "other_script"}, "bildung_sprache.literacy_course", 0.6, 0.7),
        ({"german_level": "none"}, "bildung_sprache.literacy_course", 0.0, 0.1),  # not assumed when not stated
        ({"children_ages": [2]}, "bildung_sprache.early_education", 0.9, 1.0),
        ({"children_ages": [9]}, "bildung_sprache.early_education", 0.0, 0.0),
        ({"children_ages": [2, 7]}, "bildung_sprache.school_language_class", 0.8, 1.0),  # each child counts
        ({"children_ages": [3], "german_level": "A1"}, "bildung_sprache.language_course_childcare", 0.9, 1.0),
        ({"housing": "homeless"}, "wohnen.emergency_housing", 1.0, 1.0),
        ({"housing": "at_risk"}, "wohnen.emergency_housing", 1.0, 1.0),
        ({"housing": "own_flat"}, "wohnen.emergency_housing", 0.0, 0.0),
        ({"months_in_germany": 2}, "willkommen.welcome_info", 0.9, 1.0),
        ({"months_in_germany": 60}, "willkommen.welcome_info", 0.0, 0.1),
        ({"foreign_qualification": True, "qualification": "university", "german_level": "B1"},
         "arbeit.recognition", 0.9, 1.0),
        ({"foreign_qualification": True, "qualification": "university"}, "arbeit.entry_jobs", 0.0, 0.0),
        ({"health": ["trauma"], "months_in_germany": 3}, "gesundheit.trauma_support", URGENT_NEED, 1.0),
        ({"pregnant": True, "months_in_germany": 3}, "gesundheit.mother_child", URGENT_NEED, 1.0),
        ({"pregnant": False, "gender": "female"}, "gesundheit.mother_child", 0.0, 0.0),  # only when stated
        ({"gender": "male", "children_ages": [6]}, "gesundheit.mother_child", 0.0, 0.0),
        ({"children_ages": [0]}, "gesundheit.mother_child", 0.85, 1.0),
        ({"work": "job_seeking", "german_level": "B1"}, "arbeit.job_language_course", 0.8, 0.9),
        ({"work": "employed", "german_level": "B1", "months_in_germany": 120}, "arbeit.job_language_course", 0.2, 0.4),
        ({"age": 16, "work": "in_school", "german_level": "A1"}, "bildung_sprache.school_language_class", 0.85, 1.0),
        ({"age": 30}, "bildung_sprache.school_language_class", 0.0, 0.0),
        ({"age": 16}, "teilhabe.youth", 0.6, 0.8),
        ({"age": 45}, "teilhabe.youth", 0.0, 0.0),
        ({"age": 45, "children_ages": [14]}, "teilhabe.youth", 0.4, 0.6),
        ({"age": 70, "work": "retired"}, "arbeit.entry_jobs", 0.0, 0.0),
        ({"age": 70, "work": "retired"}, "willkommen.meeting_place", 0.6, 0.9),
        ({"age": 74, "work": "retired", "health": ["disability"]}, "gesundheit.care", 0.85, 1.0),
        ({"health": ["care_for_relative"], "age": 50}, "gesundheit.care", 0.9, 1.0),
        ({"unaccompanied_minor": True, "age": 16, "months_in_germany": 2}, "willkommen.social_counselling", 1.0, 1.0),
        ({"residence_status": "tolerated"}, "willkommen.social_counselling", 0.8, 0.9),
        ({"work": "not_permitted", "residence_status": "tolerated", "months_in_germany": 36},
         "arbeit.career_counselling", 0.7, 0.8),
    ],
)  # fmt: skip
def test_need_rules(facts: dict[str, Any], code: str, low: float, high: float) -> None:
    assert low - 1e-6 <= category_need(facts, code) <= high + 1e-6


def test_every_need_is_between_0_and_1() -> None:
    needs = needs_of(
        profile(housing="homeless", pregnant=True, health=["trauma", "care_for_relative"], priorities=["wohnen"])
    )
    assert needs.category.min() >= 0
    assert needs.category.max() <= 1
    assert needs.field.max() <= 1


def test_a_field_need_is_its_strongest_category() -> None:
    needs = needs_of(profile(housing="shared_accommodation", residence_status="recognised"))
    wohnen = FIELDS.index(FieldOfAction.WOHNEN)
    strongest = max(needs.category[i] for i, code in enumerate(CATEGORY_CODES) if code.startswith("wohnen."))
    assert needs.field[wohnen] == pytest.approx(strongest)


def test_a_named_priority_lifts_its_core_categories_but_never_one_ruled_out() -> None:
    plain = needs_of(profile(german_level="B1", work="employed", months_in_germany=40))
    asked = needs_of(profile(german_level="B1", work="employed", months_in_germany=40, priorities=["teilhabe"]))
    sports, youth = CATEGORY_CODES.index("teilhabe.sports"), CATEGORY_CODES.index("teilhabe.youth")
    assert plain.category[sports] < CLEAR_NEED <= asked.category[sports]
    assert asked.category[youth] == plain.category[youth] == 0  # an adult without teenagers


def test_homeless_with_little_german_has_clear_housing_and_language_needs() -> None:
    needs = needs_of(profile(housing="homeless", german_level="none"))
    clear = {FIELDS[i] for i in range(len(FIELDS)) if needs.field[i] >= CLEAR_NEED}
    assert {FieldOfAction.WOHNEN, FieldOfAction.BILDUNG_SPRACHE} <= clear
