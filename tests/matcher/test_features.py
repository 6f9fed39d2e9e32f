"""Pair features: interpretable, bounded, and blind to protected attributes."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.crosses import OFFER_FACTS, PERSON_FACTS, offer_facts, person_facts
from matcher.eligibility import eligibility
from matcher.features import BASE_FEATURES, pair_features
from matcher.needs import needs_of
from matcher.offer_matrix import OfferMatrix
from matcher.person import Person
from models.profile import NeedsProfile
from tests.matcher.conftest import TODAY, profile

PROTECTED = ("nationality", "religion", "ethnic", "origin", "country", "gender", "sex", "birth")


def features(matrix: OfferMatrix, person: NeedsProfile) -> dict[str, np.ndarray]:
    result = eligibility(person, matrix, TODAY)
    rows = np.arange(matrix.size)
    whole = Person.of(person)
    values = pair_features(whole, needs_of(person), matrix, result, rows, TODAY, person_facts(whole)).values
    return {name: values[:, i] for i, name in enumerate(BASE_FEATURES)}


def test_no_feature_or_fact_is_a_protected_attribute() -> None:
    names = [*BASE_FEATURES, *PERSON_FACTS, *OFFER_FACTS]
    assert not [name for name in names if any(word in name for word in PROTECTED)]
    assert not {"nationality", "religion", "ethnicity", "name", "birth_date"} & set(NeedsProfile.__struct_fields__)


def test_every_feature_is_bounded(matrix: OfferMatrix) -> None:
    person = profile(children_ages=[1, 8], district="gleidingen", languages=["ar"], availability=["evenings"],
                     health=["disability"], priorities=["arbeit"])  # fmt: skip
    for name, column in features(matrix, person).items():
        low, high = (np.log(0.01), 0.0) if name == "need" else (0.0, 1.0)
        assert low - 1e-6 <= column.min() <= column.max() <= high + 1e-6, name
    facts = offer_facts(matrix)
    assert set(np.unique(facts)) <= {0.0, 1.0}
    assert set(np.unique(person_facts(Person.of(person)))) <= {0.0, 1.0}


def test_gender_changes_features_only_of_gender_specific_offers(matrix: OfferMatrix) -> None:
    specific = np.asarray([bool(offer.eligibility.genders) for offer in matrix.offers])
    women = features(matrix, profile(gender="female"))
    for gender in ("male", "diverse", None):
        other = features(matrix, profile(gender=gender))
        for name in BASE_FEATURES:
            assert np.array_equal(women[name][~specific], other[name][~specific]), (name, gender)
    assert np.array_equal(person_facts(Person.of(profile(gender="female"))), person_facts(Person.of(profile())))


@pytest.mark.parametrize(
    ("facts", "offer_id", "feature", "value"),
    [
        ({"children_ages": [2]}, "deutsch-muetter-kinderbetreuung", "childcare_for_small_children", 1),
        ({"children_ages": [2]}, "ik-vhs-abend", "small_children_no_childcare", 1),
        ({"children_ages": [12]}, "ik-vhs-abend", "small_children_no_childcare", 0),
        ({"languages": ["ar"]}, "hsu-arabisch", "shared_language", 1),
        ({"languages": ["uk"]}, "hsu-arabisch", "shared_language", 0),
        ({"german_level": "none"}, "pflegeberatung", "language_access", 0),
        ({"german_level": "none"}, "ik-vhs-vormittag", "language_access", 1),
        ({"german_level": "B1"}, "berufssprachkurs-b2", "german_level_fit", 0.5),  # made for B1 to B2
        ({"german_level": "B1"}, "berufssprachkurs-pflege", "german_level_fit", 0.25),  # B1 and above
        ({"availability": ["evenings"]}, "ik-vhs-vormittag", "schedule_fit", 0),
        ({"availability": ["mornings"]}, "ik-vhs-vormittag", "schedule_fit", 1),
        (
            {"availability": ["mornings"], "children_ages": [9]},
            "hausaufgabenhilfe-netzwerk",
            "schedule_fit",
            0.5,
        ),  # child
        ({"district": "laatzen-mitte"}, "ik-vhs-vormittag", "nearby", 1),
        ({"district": "ingeln-oesselse"}, "ik-vhs-vormittag", "nearby", pytest.approx(0.27, abs=0.01)),
        ({}, "ik-frauen-rethen", "places_free", 0),
        ({}, "mieterverein-sprechstunde", "free_of_charge", 0),
        ({"age": 17}, "ik-jugend", "targeted_match", 0.5),  # an age band: one narrow rule
        ({"age": 16, "unaccompanied_minor": True}, "jugendamt-junge-gefluechtete", "targeted_match", 1),  # two
        ({"literacy": "other_script"}, "zweitschrift-kurs", "targeted_match", 0.5),  # a way of reading
        ({"age": 17}, "ik-vhs-abend", "targeted_match", 0),  # a minimum age alone is no target group
    ],
)
def test_features_table(matrix: OfferMatrix, facts: dict, offer_id: str, feature: str, value: object) -> None:  # type: ignore[type-arg]
    assert features(matrix, profile(**facts))[feature][matrix.row_of[offer_id]] == value
