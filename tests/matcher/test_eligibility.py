"""No recommendation ever breaks a hard condition: a property test over thousands of generated profiles."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.eligibility import eligibility
from matcher.engine import rank
from matcher.offer_matrix import YOUTH_OFFER_MAX_AGE, YOUTH_OFFER_MIN_AGE, OfferMatrix
from matcher.ranker import BoundModel
from models.district import District
from models.offer import Eligibility, OfferRecord, Situation
from models.profile import (
    Availability,
    Gender,
    GermanLevel,
    HealthNeed,
    Housing,
    Literacy,
    NeedsProfile,
    Qualification,
    ResidenceStatus,
    Work,
)
from models.taxonomy import FieldOfAction
from seed.demo import demo_catalogue
from tests.matcher.conftest import TODAY, profile

PROFILES_CHECKED = 5000


def violations(person: NeedsProfile, offer: OfferRecord, today: date) -> list[str]:
    """The oracle, written independently of the numpy masks: every stated fact the offer's rules exclude."""
    rules, broken = offer.eligibility, []
    if offer.valid_to is not None and offer.valid_to < today:
        broken.append("expired")
    low_age, high_age = rules.min_age or 0, 200 if rules.max_age is None else rules.max_age
    youth_offer = rules.max_age is not None and rules.max_age <= YOUTH_OFFER_MAX_AGE and low_age >= YOUTH_OFFER_MIN_AGE
    for_a_child = youth_offer and any(low_age <= age <= high_age for age in person.children_ages)
    if person.age is not None and not for_a_child and not low_age <= person.age <= high_age:
        broken.append("age")
    if person.gender is not None and rules.genders and person.gender not in rules.genders and not for_a_child:
        broken.append("gender")  # an offer for a child: the child's gender counts, which is not stated
    if (
        person.residence_status is not None
        and rules.residence_statuses
        and person.residence_status not in rules.residence_statuses
    ):
        broken.append("residence status")
    if rules.german_level_min is not None and person.german_level.rank < rules.german_level_min.rank:
        broken.append("German too low")
    if rules.german_level_max is not None and person.german_level.rank > rules.german_level_max.rank:
        broken.append("German too high")
    if rules.requires_child_age is not None:
        low, high = rules.requires_child_age
        if not any(low <= age <= high for age in person.children_ages):
            broken.append("no child of that age")
    if person.district is not None and rules.districts and person.district not in rules.districts:
        broken.append("district")
    if rules.housing_situations and person.housing not in rules.housing_situations:
        broken.append("housing situation")  # always stated
    if person.literacy is not None and rules.literacy and person.literacy not in rules.literacy:
        broken.append("reading and writing")
    if person.unaccompanied_minor is False and Situation.UNACCOMPANIED_MINOR in rules.situations:
        broken.append("not a minor alone")  # a situation the profile records
    if person.single_parent is False and Situation.SINGLE_PARENT in rules.situations:
        broken.append("not a single parent")
    return broken


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


profiles = st.builds(
    NeedsProfile,
    german_level=st.sampled_from(GermanLevel),
    children_ages=st.lists(st.integers(0, 17), max_size=5),
    work=st.sampled_from(Work),
    housing=st.sampled_from(Housing),
    age=_optional(st.integers(0, 120)),
    gender=_optional(st.sampled_from(Gender)),
    residence_status=_optional(st.sampled_from(ResidenceStatus)),
    months_in_germany=_optional(st.integers(0, 400)),
    district=_optional(st.sampled_from(District)),
    languages=st.lists(
        st.sampled_from(["ar", "fa", "uk", "ru", "tr", "de", "en", "pl", "ku"]), max_size=3, unique=True
    ),
    qualification=_optional(st.sampled_from(Qualification)),
    foreign_qualification=_optional(st.booleans()),
    pregnant=_optional(st.booleans()),
    health=st.lists(st.sampled_from(HealthNeed), max_size=2, unique=True),
    availability=st.lists(st.sampled_from(Availability), max_size=3, unique=True),
    priorities=st.lists(st.sampled_from(FieldOfAction), max_size=2, unique=True),
    unaccompanied_minor=_optional(st.booleans()),
    single_parent=_optional(st.booleans()),
    literacy=_optional(st.sampled_from(Literacy)),
    limit=st.integers(1, 30),
    max_per_category=_optional(st.integers(1, 4)),
)


@pytest.fixture(scope="module")
def strict_matrix() -> OfferMatrix:
    """The demo catalogue plus 300 variants with random rules, so every kind of condition is exercised."""
    rng = np.random.default_rng(11)
    offers = list(demo_catalogue().offers)
    demo = len(offers)
    for i in range(300):
        base = offers[i % demo]
        low_age = int(rng.integers(0, 60))
        rules = Eligibility(
            min_age=low_age if rng.random() < 0.5 else None,
            max_age=low_age + int(rng.integers(0, 40)) if rng.random() < 0.5 else None,
            genders=list(rng.choice(list(Gender), size=int(rng.integers(1, 3)), replace=False))
            if rng.random() < 0.3
            else [],
            residence_statuses=list(rng.choice(list(ResidenceStatus), size=int(rng.integers(1, 4)), replace=False))
            if rng.random() < 0.3
            else [],
            german_level_min=GermanLevel(list(GermanLevel)[int(rng.integers(0, 4))]) if rng.random() < 0.3 else None,
            german_level_max=GermanLevel(list(GermanLevel)[int(rng.integers(4, 7))]) if rng.random() < 0.3 else None,
            requires_child_age=(lambda a: (a, min(17, a + int(rng.integers(0, 6)))))(int(rng.integers(0, 17)))
            if rng.random() < 0.25
            else None,
            districts=list(rng.choice(list(District), size=int(rng.integers(1, 4)), replace=False))
            if rng.random() < 0.3
            else [],
            housing_situations=list(rng.choice(list(Housing), size=int(rng.integers(1, 3)), replace=False))
            if rng.random() < 0.2
            else [],
            situations=[Situation(rng.choice(list(Situation)))] if rng.random() < 0.15 else [],
            literacy=list(rng.choice(list(Literacy), size=int(rng.integers(1, 3)), replace=False))
            if rng.random() < 0.15
            else [],
        )
        valid_to = date(2026, 1, 1) if rng.random() < 0.05 else None
        offers.append(msgspec.structs.replace(base, id=f"variant-{i}", eligibility=rules, valid_to=valid_to))
    return OfferMatrix.build(offers)


def test_no_recommendation_breaks_a_condition_over_5000_profiles(strict_matrix: OfferMatrix, model: BoundModel) -> None:
    bound = BoundModel.bind(model.weights, strict_matrix, model.version)
    checked = {"profiles": 0, "recommendations": 0}

    @settings(max_examples=PROFILES_CHECKED, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(person=profiles)
    def check(person: NeedsProfile) -> None:
        ranking = rank(person, strict_matrix, bound, TODAY, explore=True)
        shown = ranking.rows + [row for pick in ranking.picks for row in ranking.alternative_rows(pick)]
        for row in shown:
            assert violations(person, strict_matrix.offers[row], TODAY) == [], strict_matrix.offers[row].id
        checked["profiles"] += 1
        checked["recommendations"] += len(ranking.rows)

    check()
    assert checked["profiles"] >= PROFILES_CHECKED
    assert checked["recommendations"] > PROFILES_CHECKED


def test_the_mask_agrees_with_the_oracle_on_every_offer(strict_matrix: OfferMatrix) -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        person = _random_profile(rng)
        mask = eligibility(person, strict_matrix, TODAY).mask
        for row, offer in enumerate(strict_matrix.offers):
            assert mask[row] == (violations(person, offer, TODAY) == []), (offer.id, person)


def test_ages_beyond_the_age_tables_are_checked_all_the_same(strict_matrix: OfferMatrix) -> None:
    """The masks look ages up in tables of the ages a parsed profile may state (0 to 120); a profile built in
    code may hold others, which are computed from the rules instead (and agree with the oracle)."""
    rng = np.random.default_rng(6)
    for age, children in [(150, [3]), (200, []), (35, [-1, 14]), (40, [130]), (None, [19, 250])]:
        person = msgspec.structs.replace(_random_profile(rng), age=age, children_ages=children)
        mask = eligibility(person, strict_matrix, TODAY).mask
        for row, offer in enumerate(strict_matrix.offers):
            assert mask[row] == (violations(person, offer, TODAY) == []), (offer.id, age, children)


def _random_profile(rng: np.random.Generator) -> NeedsProfile:
    def maybe(values: list[Any]) -> Any:
        return None if rng.random() < 0.3 else values[int(rng.integers(0, len(values)))]

    return profile(
        german_level=maybe(list(GermanLevel)) or "none",
        children_ages=[int(a) for a in rng.integers(0, 18, size=int(rng.integers(0, 4)))],
        age=maybe(list(range(0, 100))),
        gender=maybe(list(Gender)),
        residence_status=maybe(list(ResidenceStatus)),
        district=maybe(list(District)),
    )


@pytest.mark.parametrize(
    ("facts", "offer_id", "eligible"),
    [
        ({"gender": "male"}, "internationales-frauencafe", False),
        ({"gender": "female"}, "internationales-frauencafe", True),
        ({}, "internationales-frauencafe", True),  # gender unknown: kept, marked unverified
        ({"age": 30}, "jugendmigrationsdienst", False),
        ({"age": 20}, "jugendmigrationsdienst", True),
        ({"age": 40, "children_ages": [14]}, "jugendzentrum-offener-treff", True),  # a youth offer for the child
        ({"age": 40, "children_ages": [8]}, "jugendzentrum-offener-treff", False),
        ({"age": 40, "children_ages": [14]}, "berufsberatung-erwachsene", True),
        ({"age": 20, "children_ages": [3]}, "berufsberatung-erwachsene", False),  # adults' offers need the adult
        ({"german_level": "B2"}, "ik-vhs-vormittag", False),
        ({"german_level": "A2", "age": 30}, "ik-vhs-vormittag", True),
        ({"children_ages": []}, "krippe-sonnenblume", False),
        ({"children_ages": [2]}, "krippe-sonnenblume", True),
        ({"children_ages": [4]}, "krippe-sonnenblume", False),
        ({"residence_status": "eu_citizen"}, "beratung-arbeitserlaubnis", False),
        ({"residence_status": "asylum_seeker"}, "beratung-arbeitserlaubnis", True),
        ({"district": "laatzen-mitte", "children_ages": [7]}, "sprachlernklasse-gleidingen", False),
        ({"district": "rethen", "children_ages": [7]}, "sprachlernklasse-gleidingen", True),
        ({"german_level": "A1"}, "berufssprachkurs-b2", False),
        ({"literacy": "other_script"}, "zweitschrift-kurs", True),
        ({"literacy": "none"}, "zweitschrift-kurs", False),  # it teaches a second script
        ({"literacy": "other_script"}, "alpha-integrationskurs", False),
        ({}, "zweitschrift-kurs", True),  # reading and writing unknown: kept, marked unverified
        ({"age": 16, "unaccompanied_minor": True}, "jugendamt-junge-gefluechtete", True),
        ({"age": 16, "unaccompanied_minor": False}, "jugendamt-junge-gefluechtete", False),
        ({"age": 16}, "jugendamt-junge-gefluechtete", True),  # not stated: kept, never taken for granted
        ({"children_ages": [4], "single_parent": False}, "alleinerziehenden-treff", False),
        ({"children_ages": [4], "single_parent": True}, "alleinerziehenden-treff", True),
    ],
)
def test_conditions_table(matrix: OfferMatrix, facts: dict[str, Any], offer_id: str, eligible: bool) -> None:
    result = eligibility(profile(**facts), matrix, TODAY)
    assert bool(result.mask[matrix.row_of[offer_id]]) is eligible


def test_unknown_facts_are_counted_as_unverified(matrix: OfferMatrix) -> None:
    unknown = eligibility(profile(), matrix, TODAY)
    known = eligibility(
        profile(gender="female", age=30, residence_status="recognised", district="rethen"), matrix, TODAY
    )
    row = matrix.row_of["internationales-frauencafe"]
    assert unknown.unverified[row] == 1
    assert known.unverified[row] == 0
    second_script, alone = matrix.row_of["zweitschrift-kurs"], matrix.row_of["jugendamt-junge-gefluechtete"]
    assert (unknown.unverified[second_script], unknown.unverified[alone], unknown.situational[alone]) == (1, 2, True)
    stated = eligibility(profile(literacy="other_script", age=16, unaccompanied_minor=True), matrix, TODAY)
    assert (stated.unverified[second_script], stated.unverified[alone], stated.situational[alone]) == (0, 0, False)


def test_expired_offers_are_never_eligible(matrix: OfferMatrix) -> None:
    garden = matrix.row_of["interkultureller-garten-rethen"]  # valid until 2026-10-31
    assert not eligibility(profile(), matrix, date(2026, 11, 25)).mask[garden]
    assert eligibility(profile(), matrix, date(2026, 6, 1)).mask[garden]
