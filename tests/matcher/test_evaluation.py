"""The learned model beats every baseline on held-out synthetic consultations, with no violation."""

from __future__ import annotations

import numpy as np

from matcher.baselines import Bm25Index, need_words, tokens
from matcher.evaluation import compare, markdown_table, model_ahead
from matcher.needs import needs_of
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import LinearRanker
from matcher.training import fit, split_by_profile, synthetic_consultations
from seed.consultations import synthetic_profile
from tests.matcher.conftest import TODAY, profile


def test_model_is_ahead_of_every_baseline(matrix: OfferMatrix) -> None:
    train, test = split_by_profile(synthetic_consultations(matrix, 800, 17, TODAY), 0.25, 17)
    estimator, baseline = fit(train, [], 17)
    results = compare(matrix, LinearRanker.from_estimator(estimator, baseline, 1).scores, train, test, TODAY, 17)
    assert model_ahead(results), markdown_table(results)
    assert results["Lotse model"].violations == 0
    assert results["random"].violations > 0


def test_keyword_search_finds_what_the_words_say(matrix: OfferMatrix) -> None:
    scores = Bm25Index(matrix).scores(tokens("Integrationskurs"))
    top = [matrix.offers[int(i)].category for i in np.argsort(-scores)[:3]]
    assert top.count("bildung_sprache.integration_course") >= 2
    assert "notunterkunft" in need_words(needs_of(profile(housing="homeless")))


def test_synthetic_consultations_are_reproducible() -> None:
    first = [synthetic_profile(np.random.default_rng(4)) for _ in range(3)]
    second = [synthetic_profile(np.random.default_rng(4)) for _ in range(3)]
    assert first == second
