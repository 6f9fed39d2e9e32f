"""The model is stored with skops (never pickle), refuses foreign files, and its parts add up exactly."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import COMPONENTS, BoundModel, ModelWeights, UntrustedModelError
from tests.matcher.conftest import TODAY, profile


def _shout(values: np.ndarray) -> np.ndarray:
    return values


def test_a_model_survives_the_skops_round_trip(model: BoundModel) -> None:
    prior = np.arange(len(model.weights.base), dtype=np.float32)
    blob = model.weights.dumps(prior)
    loaded, loaded_prior = ModelWeights.loads(blob)
    assert np.array_equal(loaded.base, model.weights.base)
    assert np.array_equal(loaded.person_category, model.weights.person_category)
    assert loaded.offer_ids == model.weights.offer_ids
    assert np.array_equal(loaded_prior, prior)
    assert b"pickle" not in blob[:200]


def test_code_in_a_stored_model_is_refused() -> None:
    blob = skops.io.dumps(make_pipeline(FunctionTransformer(_shout)))
    with pytest.raises(UntrustedModelError, match="unreviewed types"):
        ModelWeights.loads(blob)


def test_a_model_of_another_format_is_refused() -> None:
    with pytest.raises(UntrustedModelError, match="format"):
        ModelWeights.loads(skops.io.dumps({"format": "lotse-linear-1"}))


def test_components_add_up_to_the_score_minus_the_average(matrix: OfferMatrix, model: BoundModel) -> None:
    ranking = rank(profile(children_ages=[2, 7], district="rethen", languages=["ar"]), matrix, model, TODAY)
    positions = np.arange(len(ranking.features.rows))
    parts = model.components(ranking.features, positions)
    assert parts.shape == (len(positions), len(COMPONENTS))
    neutral = ~matrix.gender_rule[ranking.features.rows]
    scores = model.scores(ranking.features)  # the model's own (a plan's discounts for uncertain offers come after)
    assert np.allclose(parts.sum(axis=1), scores - scores[neutral].mean(), atol=1e-3)


def test_components_are_each_part_minus_its_average_over_gender_neutral_candidates_to_the_bit(
    matrix: OfferMatrix, model: BoundModel
) -> None:
    # The plain numpy reading of the definition: the fast path must give the same bits (reasons are stored).
    ranking = rank(profile(children_ages=[4], gender="female", languages=["uk"]), matrix, model, TODAY)
    features, w = ranking.features, model.weights
    positions = np.arange(len(features.rows))[::3]
    neutral = ~matrix.gender_rule[features.rows]
    facts, person = model.facts[features.rows], features.person
    category_terms = (person @ w.person_category)[matrix.category[features.rows]]
    effects = model.effects[features.rows]
    expected = np.column_stack([
        (features.values[positions] - features.values[neutral].mean(axis=0)) * w.base,
        (facts[positions] - facts[neutral].mean(axis=0)) * (person @ w.person_offer),
        category_terms[positions] - category_terms[neutral].mean(),
        effects[positions] - effects[neutral].mean(),
    ]).astype(np.float32)  # fmt: skip
    assert neutral.sum() < neutral.size  # gender-specific candidates are left out of the average
    assert model.components(features, positions).tobytes() == expected.tobytes()


def test_offer_terms_follow_the_offer_not_the_row(matrix: OfferMatrix, model: BoundModel) -> None:
    weights = ModelWeights(
        base=model.weights.base,
        person_offer=model.weights.person_offer,
        person_category=model.weights.person_category,
        offer_ids=("sprachmittlerpool", "gone-offer"),
        offer_effects=np.asarray([-2.0, 5.0], dtype=np.float32),
    )
    bound = BoundModel.bind(weights, matrix, 9)
    assert bound.effects[matrix.row_of["sprachmittlerpool"]] == -2.0
    assert bound.effects.sum() == -2.0  # an offer no longer in the catalogue is ignored
