"""The matching issue's targets on the vignettes, measured out of fold, against keyword search and rules only."""

from __future__ import annotations

import numpy as np

from matcher.baselines import Bm25Index, rules_only_weights, tokens
from matcher.evaluation import (
    TARGET_NDCG,
    TARGET_OVER_SEARCH,
    TARGET_PER_SITUATION,
    Column,
    score_method,
    score_vignettes,
    search_method,
    shortfalls,
    situation_table,
)
from matcher.learning import Recipe, folds
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel, ModelWeights
from matcher.search_words import profile_words
from matcher.vignette_metrics import ndcg_at
from models.vignette import LifeSituation
from seed.vignettes import load_vignettes
from tests.matcher.conftest import TODAY, profile


def test_the_model_meets_every_target_out_of_fold(matrix: OfferMatrix, recipe: Recipe) -> None:
    vignettes = load_vignettes()
    model = Column.of("Lotse (out of fold)", recipe.out_of_fold(vignettes))
    search = Column.of(
        "BM25", score_method(vignettes, matrix, search_method(matrix, TODAY, with_eligibility=False), TODAY)
    )
    rules = Column.of("rules only", score_vignettes(vignettes, matrix, BoundModel.bind(
        ModelWeights.from_prior(rules_only_weights()), matrix, 0), TODAY))  # fmt: skip
    counts = {s: sum(s in v.situations for v in vignettes) for s in LifeSituation}
    print("\n" + situation_table([model, rules, search], counts))
    assert shortfalls(model, search) == []
    assert model.overall.ndcg >= TARGET_NDCG
    assert model.overall.ndcg >= search.overall.ndcg + TARGET_OVER_SEARCH
    assert model.overall.must_not_hits == 0
    assert model.overall.urgent_first == model.overall.urgent_total
    assert min(s.ndcg for s in model.situations.values()) >= TARGET_PER_SITUATION


def test_folds_are_stratified_and_cover_every_vignette() -> None:
    vignettes = load_vignettes()
    fold = folds(vignettes)
    assert set(fold) == {v.id for v in vignettes}
    for situation in LifeSituation:
        members = [fold[v.id] for v in vignettes if v.situation == situation]
        assert max(members.count(k) for k in set(members)) - min(members.count(k) for k in set(members)) <= 1


def test_ndcg_counts_a_category_once_and_ignores_what_cannot_be_offered() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at(["a", "b", "c"], grades, {"a", "b", "c"}) == 1.0
    assert ndcg_at(["a", "a", "b", "c"], grades, {"a", "b", "c"}) < 1.0  # the repeat takes a place
    assert ndcg_at(["b", "c"], grades, {"b", "c"}) == 1.0  # "a" has no eligible offer
    assert np.isnan(ndcg_at([], grades, set()))  # nothing graded can be offered: not scored


def test_keyword_search_finds_what_the_words_say(matrix: OfferMatrix) -> None:
    scores = Bm25Index(matrix).scores(tokens("Integrationskurs"))
    top = [matrix.offers[int(i)].category for i in np.argsort(-scores)[:3]]
    assert top.count("bildung_sprache.integration_course") >= 2
    words = profile_words(profile(housing="homeless", german_level="none", children_ages=[2]))
    assert "Notunterkunft" in words
    assert "Kita" in words
