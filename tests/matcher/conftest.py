"""Matcher fixtures: the demo catalogue as a matrix and a ranker trained on synthetic consultations."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest

from matcher.offer_matrix import OfferMatrix
from matcher.ranker import LinearRanker
from matcher.training import fit, split_by_profile, synthetic_consultations
from models.profile import NeedsProfile
from seed.demo import demo_catalogue

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session")
def matrix() -> OfferMatrix:
    return OfferMatrix.build(demo_catalogue().offers)


@pytest.fixture(scope="session")
def ranker(matrix: OfferMatrix) -> LinearRanker:
    train, _ = split_by_profile(synthetic_consultations(matrix, 600, 3, TODAY), 0.2, 3)
    estimator, baseline = fit(train, [], 3)
    return LinearRanker.from_estimator(estimator, baseline, version=1)


def profile(**fields: Any) -> NeedsProfile:
    base: dict[str, Any] = {"german_level": "A1", "children_ages": [], "work": "job_seeking", "housing": "own_flat"}
    return msgspec.convert({**base, **fields}, NeedsProfile)
