"""The model is stored with skops, loaded only with reviewed types, and its contributions add up."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from matcher.offer_matrix import OfferMatrix
from matcher.ranker import LinearRanker, UntrustedModelError, build_pipeline, dump_estimator, load_estimator
from matcher.training import fit, split_by_profile, synthetic_consultations
from tests.matcher.conftest import TODAY


def _shout(values: np.ndarray) -> np.ndarray:
    return values


def test_a_model_survives_the_skops_round_trip(matrix: OfferMatrix) -> None:
    train, _ = split_by_profile(synthetic_consultations(matrix, 200, 1, TODAY), 0.2, 1)
    estimator, _ = fit(train, [], 1)
    loaded = load_estimator(dump_estimator(estimator))
    assert np.array_equal(loaded.coef_, estimator.coef_)
    assert b"pickle" not in dump_estimator(estimator)[:200]


def test_unreviewed_types_are_refused() -> None:
    tampered = make_pipeline(FunctionTransformer(_shout), build_pipeline())
    blob = skops.io.dumps(tampered)
    with pytest.raises(UntrustedModelError, match="unreviewed types"):
        load_estimator(blob)


def test_contributions_explain_score_differences(ranker: LinearRanker) -> None:
    rng = np.random.default_rng(0)
    values = rng.random((5, ranker.weights.size)).astype(np.float32)
    contributions = ranker.contributions(values)
    baseline_score = float(ranker.baseline @ ranker.weights)
    assert np.allclose(contributions.sum(axis=1) + baseline_score, values @ ranker.weights, atol=1e-3)
