"""Matcher fixtures: the demo catalogue as a matrix and a model trained on synthetic consultations and vignettes."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest

from matcher.learning import Recipe
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from matcher.training import prior_weights
from models.profile import NeedsProfile
from seed.demo import demo_catalogue
from seed.vignettes import load_vignettes

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session")
def matrix() -> OfferMatrix:
    return OfferMatrix.build(demo_catalogue().offers)


@pytest.fixture(scope="session")
def recipe(matrix: OfferMatrix) -> Recipe:
    return Recipe.of(matrix, prior_weights(matrix, 400, 3, TODAY), [], TODAY)


@pytest.fixture(scope="session")
def model(recipe: Recipe) -> BoundModel:
    return recipe.fit(load_vignettes(), version=1)


def profile(**fields: Any) -> NeedsProfile:
    base: dict[str, Any] = {"german_level": "A1", "children_ages": [], "work": "job_seeking", "housing": "own_flat"}
    return msgspec.convert({**base, **fields}, NeedsProfile)
