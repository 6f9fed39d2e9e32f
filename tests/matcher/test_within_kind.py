"""Which offer of a kind a plan shows (a review of plans, 2026-11-27).

Ground truth from the domain, written before looking at the plans: parents learn how school works at an offer made
for parents, not at the university advice for refugees; each school child gets a language class that takes their
age; a minor who came alone goes to the youth welfare office, which is there for exactly them, before the youth
migration service; someone who reads Arabic learns the Latin letters in the course for second-script learners,
not in a course for people who cannot read at all; the day-care step points to a day-care place or its
registration, not to a parents' programme.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from matcher.engine import Ranking, rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from tests.matcher.conftest import TODAY, profile
from tests.matcher.test_reasons_and_plan import plan_for

PARENT: dict[str, Any] = {"german_level": "A1", "age": 40, "residence_status": "recognised", "languages": ["ar"]}
MINOR_ALONE: dict[str, Any] = {"german_level": "A1", "age": 16, "gender": "male", "work": "in_school", "housing": "youth_housing",
               "residence_status": "asylum_seeker", "languages": ["fa"], "health": ["trauma"]}  # fmt: skip
READS_ARABIC: dict[str, Any] = {"german_level": "none", "age": 28, "gender": "female", "pregnant": True, "languages": ["ar"],
                "residence_status": "asylum_seeker", "housing": "shared_accommodation"}  # fmt: skip


def _shown(matrix: OfferMatrix, ranking: Ranking, category: str) -> list[str]:
    return [matrix.offers[row].id for row in ranking.rows if matrix.offers[row].category == category]


def _takes(matrix: OfferMatrix, offer_id: str, age: int) -> bool:
    band = matrix.offers[matrix.row_of[offer_id]].eligibility.requires_child_age
    return band is not None and band[0] <= age <= band[1]


def test_the_vignettes_never_move_the_person_offer_crosses(model: BoundModel) -> None:
    """Vignettes grade kinds of help, not offers: crosses fitted to them learned which offers make up the
    well-graded kinds (offers in Alt-Laatzen +0.95 for parents of school children) and chose within kinds by it."""
    assert not np.any(model.weights.person_offer)


@pytest.mark.parametrize("children", [[7, 15], [8], [12, 16], [4, 9]])
def test_parents_learn_how_school_works_at_an_offer_made_for_parents(
    matrix: OfferMatrix, model: BoundModel, children: list[int]
) -> None:
    ranking = rank(profile(children_ages=children, **PARENT), matrix, model, TODAY)
    picked = _shown(matrix, ranking, "bildung_sprache.education_counselling")
    assert picked, "school-age children: how school works here is part of the plan"
    assert matrix.offers[matrix.row_of[picked[0]]].eligibility.requires_child_age is not None, picked


@pytest.mark.parametrize(("children", "classes"), [([7, 15], 2), ([7], 1), ([7, 9], 1), ([11, 14], 1)])
def test_every_school_child_gets_a_language_class_that_takes_them(
    matrix: OfferMatrix, model: BoundModel, children: list[int], classes: int
) -> None:
    ranking = rank(profile(children_ages=children, **PARENT), matrix, model, TODAY)
    picked = _shown(matrix, ranking, "bildung_sprache.school_language_class")
    assert len(picked) == classes, picked
    assert all(any(_takes(matrix, offer, age) for offer in picked) for age in children), picked


def test_the_day_care_step_points_to_a_place_for_every_small_child(matrix: OfferMatrix, model: BoundModel) -> None:
    facts = {"german_level": "A2", "age": 31, "gender": "female", "residence_status": "temporary_protection",
             "languages": ["uk"], "district": "rethen"}  # fmt: skip
    for children in ([1, 4], [2], [4]):
        ranking = rank(profile(children_ages=children, **facts), matrix, model, TODAY)
        picked = _shown(matrix, ranking, "bildung_sprache.early_education")
        assert picked and all(any(_takes(matrix, offer, age) for offer in picked) for age in children), picked
        assert "rucksack-kita" not in picked and "griffbereit" not in picked  # parents' programmes, not a place


def test_a_minor_alone_goes_to_the_youth_welfare_office_first(matrix: OfferMatrix, model: BoundModel) -> None:
    ranking = rank(profile(unaccompanied_minor=True, **MINOR_ALONE), matrix, model, TODAY)
    ids = [matrix.offers[row].id for row in ranking.rows]
    assert ids[0] == "jugendamt-junge-gefluechtete"
    assert "jugendmigrationsdienst" not in ids[:1]
    trauma = _shown(matrix, ranking, "gesundheit.trauma_support")
    assert trauma and ids.index(trauma[0]) < len(ids) // 2


@pytest.mark.parametrize(("alone", "shown"), [(None, False), (False, False)])
def test_the_youth_welfare_office_for_minors_alone_is_never_taken_for_granted(
    matrix: OfferMatrix, model: BoundModel, alone: Any, shown: bool
) -> None:
    """Not stated: at most an alternative (it says what to check); stated no: never (a teenager with parents)."""
    ranking = rank(profile(unaccompanied_minor=alone, **MINOR_ALONE), matrix, model, TODAY)
    ids = [matrix.offers[row].id for row in ranking.rows]
    alternatives = [matrix.offers[row].id for pick in ranking.picks for row in ranking.alternative_rows(pick)]
    assert ("jugendamt-junge-gefluechtete" in ids) is shown
    if alone is False:
        assert "jugendamt-junge-gefluechtete" not in alternatives


@pytest.mark.parametrize(("literacy", "course"), [("other_script", "zweitschrift-kurs"), ("none", None)])
def test_someone_who_reads_another_script_learns_the_latin_letters(
    matrix: OfferMatrix, model: BoundModel, literacy: str, course: str | None
) -> None:
    ranking = rank(profile(literacy=literacy, **READS_ARABIC), matrix, model, TODAY)
    picked = _shown(matrix, ranking, "bildung_sprache.literacy_course")
    assert picked, "reading and writing first"
    if course is not None:
        assert picked[0] == course
    else:
        assert "zweitschrift-kurs" not in picked  # it teaches a second script to people who read one


def test_an_offer_for_a_situation_the_profile_leaves_out_says_what_to_check(
    matrix: OfferMatrix, model: BoundModel
) -> None:
    _, plan = plan_for(matrix, model, max_per_category=4, limit=30, **MINOR_ALONE)
    texts = {rec.offer.id: " ".join(reason.text for reason in rec.reasons) for rec in plan.recommendations}
    assert "only for young people in Germany without their parents" in texts["jugendamt-junge-gefluechtete"]
    unknown: dict[str, Any] = {**READS_ARABIC, "german_level": "none", "qualification": "none"}  # literacy left out
    _, plan = plan_for(matrix, model, max_per_category=4, limit=30, **unknown)
    texts = {rec.offer.id: " ".join(reason.text for reason in rec.reasons) for rec in plan.recommendations}
    assert "only for people who already read a script other than Latin letters" in texts["zweitschrift-kurs"]
    assert "only for people who cannot read and write yet" in texts["alpha-integrationskurs"]


def test_the_step_about_support_for_a_disability_points_to_an_offer_for_it(
    matrix: OfferMatrix, model: BoundModel
) -> None:
    """The general migration counselling was worded "advice on support for people with a disability" (review)."""
    facts: dict[str, Any] = {"german_level": "A2", "children_ages": [13], "work": "not_seeking", "age": 52,
                             "housing": "municipal_flat", "residence_status": "recognised", "district": "rethen",
                             "languages": ["ar"], "health": ["disability", "chronic_illness"]}  # fmt: skip
    _, plan = plan_for(matrix, model, **facts)
    categories = {rec.offer.id: rec.offer.category for rec in plan.recommendations}
    steps = [s for s in plan.steps if s.text == "Get advice on support for people with a disability"]
    assert len(steps) == 1 and categories[steps[0].offer_ids[0]] == "gesundheit.care"
    assert "alleinerziehenden-treff" not in categories  # single parents' meeting point: not said to be one
