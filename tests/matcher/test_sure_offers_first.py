"""The offer a person may surely use comes first (a counsellor's review, 2026-11-27): housing emergencies, recognition.

Ground truth from the domain, written before looking at the plans: someone without a home needs the town's
emergency accommodation now; someone about to lose their flat needs the help that keeps it, not a shelter; a
protection flat for women experiencing violence is never taken for granted from housing facts (no profile
records violence), so it is at most an alternative, and says what to check.
"""

from __future__ import annotations

from typing import Any

import pytest

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from tests.matcher.conftest import TODAY, profile
from tests.matcher.test_reasons_and_plan import plan_for

SHELTER, KEEP_THE_FLAT, PROTECTION_FLAT = "notunterkunft-stadt", "wohnungsnotfallhilfe", "frauenschutzwohnung"
PEOPLE: list[dict[str, Any]] = [
    {"german_level": "B1", "age": 45, "residence_status": "eu_citizen", "district": "laatzen-mitte",
     "languages": ["ro", "en"]},
    {"german_level": "A2", "children_ages": [5, 9, 14], "age": 41, "residence_status": "recognised",
     "district": "grasdorf", "languages": ["ar"]},
    {"german_level": "none", "children_ages": [2], "residence_status": "asylum_seeker", "languages": ["fa"]},
    {"german_level": "A1", "age": 63, "district": "rethen", "languages": ["tr"], "health": ["chronic_illness"]},
]  # fmt: skip
GENDERS: list[dict[str, Any]] = [{"gender": "female"}, {"gender": "male"}, {}]


def _emergency_picks(matrix: OfferMatrix, model: BoundModel, **facts: Any) -> tuple[list[str], list[str]]:
    """The emergency-housing recommendations and their alternatives, by offer id."""
    ranking = rank(profile(**facts), matrix, model, TODAY)
    picked, alternatives = [], []
    for pick, row in zip(ranking.picks, ranking.rows, strict=True):
        if matrix.offers[row].category == "wohnen.emergency_housing":
            picked.append(matrix.offers[row].id)
            alternatives += [matrix.offers[other].id for other in ranking.alternative_rows(pick)]
    return picked, alternatives


@pytest.mark.parametrize("gender", GENDERS, ids=["female", "male", "unstated"])
@pytest.mark.parametrize("person", PEOPLE, ids=["eu-worker", "family", "asylum-seeker", "older"])
def test_without_a_home_the_towns_shelter_comes_first(
    matrix: OfferMatrix, model: BoundModel, person: dict[str, Any], gender: dict[str, Any]
) -> None:
    picked, alternatives = _emergency_picks(matrix, model, housing="homeless", **person, **gender)
    assert picked == [SHELTER]
    assert KEEP_THE_FLAT not in alternatives  # there is no flat left to keep


@pytest.mark.parametrize("gender", GENDERS, ids=["female", "male", "unstated"])
@pytest.mark.parametrize("person", PEOPLE, ids=["eu-worker", "family", "asylum-seeker", "older"])
def test_about_to_lose_the_flat_the_help_that_keeps_it_comes_first(
    matrix: OfferMatrix, model: BoundModel, person: dict[str, Any], gender: dict[str, Any]
) -> None:
    picked, alternatives = _emergency_picks(matrix, model, housing="at_risk", **person, **gender)
    assert picked == [KEEP_THE_FLAT]
    assert SHELTER not in alternatives  # the shelter is for people who have lost their home


def test_the_protection_flat_is_an_alternative_that_says_what_to_check(matrix: OfferMatrix, model: BoundModel) -> None:
    _, plan = plan_for(matrix, model, housing="homeless", gender="female", age=30, district="alt-laatzen")
    first = plan.recommendations[0]
    assert (first.offer.id, first.reasons[0].code) == (SHELTER, "urgent")
    assert PROTECTION_FLAT not in {rec.offer.id for rec in plan.recommendations}
    assert PROTECTION_FLAT in {alternative.offer.id for alternative in first.alternatives}
    # Shown on its own (several offers per kind), it says what to check, below the shelter.
    _, plan = plan_for(matrix, model, housing="homeless", gender="female", age=30, max_per_category=3)
    ids = [rec.offer.id for rec in plan.recommendations]
    assert ids.index(SHELTER) < ids.index(PROTECTION_FLAT)
    protection = plan.recommendations[ids.index(PROTECTION_FLAT)]
    assert "only for people experiencing violence" in " ".join(reason.text for reason in protection.reasons)


def test_housing_with_no_emergency_gets_no_emergency_offer(matrix: OfferMatrix, model: BoundModel) -> None:
    for housing in ("own_flat", "shared_accommodation"):
        picked, alternatives = _emergency_picks(matrix, model, housing=housing, gender="female", age=30)
        assert SHELTER not in picked + alternatives
        assert KEEP_THE_FLAT not in picked + alternatives


@pytest.mark.parametrize("qualification", ["university", "vocational"])
def test_recognition_starts_with_the_counselling_for_every_profession(
    matrix: OfferMatrix, model: BoundModel, qualification: str
) -> None:
    """An engineer's step "have your foreign qualification recognised" pointed to an adaptation course for
    nurses (a counsellor's review): recognition starts with the counselling for all professions; the nurses'
    course is for nurses only, which no profile says, so it is at most an alternative."""
    ranking = rank(profile(german_level="B2", work="job_seeking", age=38, residence_status="temporary_protection",
                           languages=["uk", "ru"], qualification=qualification, foreign_qualification=True),
                   matrix, model, TODAY)  # fmt: skip
    picks = {matrix.offers[row].category: matrix.offers[row].id for row in ranking.rows}
    assert picks["arbeit.recognition"] == "anerkennungsberatung"


@pytest.mark.parametrize("health", [[], ["trauma"]], ids=["", "trauma"])
def test_a_teenager_alone_without_a_home_goes_to_the_youth_services(
    matrix: OfferMatrix, model: BoundModel, health: list[str]
) -> None:
    """The Jugendamt takes a minor alone into care (a safe place, a guardian); the town's shelter and its refugee
    social work are for adults (a counsellor's second review: a homeless 16-year-old was sent to the shelter)."""
    ranking = rank(profile(german_level="A1", work="in_school", housing="homeless", age=16, gender="male",
                           residence_status="asylum_seeker", languages=["fa"], health=health,
                           unaccompanied_minor=True), matrix, model, TODAY)  # fmt: skip
    first = matrix.offers[ranking.rows[0]].id
    shown = {matrix.offers[row].id for row in ranking.rows}
    assert first in ("jugendamt-junge-gefluechtete", "jugendmigrationsdienst")
    assert SHELTER not in shown and "fluechtlingssozialarbeit-aufsuchend" not in shown
