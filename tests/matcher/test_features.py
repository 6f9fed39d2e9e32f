"""Pair features: interpretable, in [0, 1], and blind to protected attributes."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.eligibility import eligibility
from matcher.features import FEATURE_NAMES, pair_features
from matcher.needs import needs_of
from matcher.offer_matrix import OfferMatrix
from models.profile import NeedsProfile
from tests.matcher.conftest import TODAY, profile

PROTECTED = ("nationality", "religion", "ethnic", "origin", "country", "gender", "sex", "birth")


def features(matrix: OfferMatrix, person: NeedsProfile) -> dict[str, np.ndarray]:
    result = eligibility(person, matrix, TODAY)
    rows = np.arange(matrix.size)
    values = pair_features(person, needs_of(person), matrix, result, rows, TODAY).values
    return {name: values[:, i] for i, name in enumerate(FEATURE_NAMES)}


def test_no_feature_is_a_protected_attribute() -> None:
    assert not [name for name in FEATURE_NAMES if any(word in name for word in PROTECTED)]
    assert not {"nationality", "religion", "ethnicity", "name", "birth_date"} & set(NeedsProfile.__struct_fields__)


def test_every_feature_is_between_0_and_1(matrix: OfferMatrix) -> None:
    person = profile(children_ages=[1, 8], district="gleidingen", languages=["ar"], availability=["evenings"],
                     health=["disability"], priorities=["arbeit"])  # fmt: skip
    for name, column in features(matrix, person).items():
        assert 0 <= column.min() <= column.max() <= 1, name


def test_gender_changes_features_only_of_gender_specific_offers(matrix: OfferMatrix) -> None:
    women, men = features(matrix, profile(gender="female")), features(matrix, profile(gender="male"))
    specific = np.asarray([bool(offer.eligibility.genders) for offer in matrix.offers])
    for name in FEATURE_NAMES:
        assert np.array_equal(women[name][~specific], men[name][~specific]), name


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
        ({"availability": ["evenings"]}, "ik-vhs-vormittag", "schedule_fit", 0),
        ({"availability": ["mornings"]}, "ik-vhs-vormittag", "schedule_fit", 1),
        ({"district": "laatzen-mitte"}, "ik-vhs-vormittag", "nearby", 1),
        ({"district": "ingeln-oesselse"}, "ik-vhs-vormittag", "nearby", pytest.approx(0.27, abs=0.01)),
        ({}, "ik-frauen-rethen", "places_free", 0),
        ({}, "mieterverein-sprechstunde", "free_of_charge", 0),
        ({"priorities": ["wohnen"]}, "wohngeldberatung", "priority_field", 1),
    ],
)
def test_features_table(matrix: OfferMatrix, facts: dict, offer_id: str, feature: str, value: object) -> None:  # type: ignore[type-arg]
    assert features(matrix, profile(**facts))[feature][matrix.row_of[offer_id]] == value
