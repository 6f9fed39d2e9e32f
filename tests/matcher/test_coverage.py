from __future__ import annotations

import numpy as np

from matcher.coverage import coverage_rerank
from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import LinearRanker
from tests.matcher.conftest import TODAY, profile


def test_at_most_max_per_category() -> None:
    scores = np.asarray([9, 8, 7, 6, 5, 1], dtype=np.float32)
    fields = np.asarray([0, 0, 0, 0, 0, 1], dtype=np.int32)
    categories = np.asarray([3, 3, 3, 4, 4, 7], dtype=np.int32)
    chosen = coverage_rerank(scores, fields, categories, np.asarray([1.0, 0.0]), limit=6, max_per_category=2)
    assert sorted(categories[chosen].tolist()) == [3, 3, 4, 4, 7]


def test_a_needed_field_gets_in_even_with_lower_scores() -> None:
    scores = np.asarray([10, 9.9, 9.8, 9.7, 9.0, 1.0], dtype=np.float32)
    fields = np.asarray([0, 0, 0, 0, 1, 1], dtype=np.int32)
    categories = np.asarray([0, 1, 2, 3, 4, 5], dtype=np.int32)
    chosen = coverage_rerank(scores, fields, categories, np.asarray([0.9, 0.9]), limit=3, max_per_category=2)
    assert chosen[:2] == [0, 4]


def test_plans_spread_over_the_needed_fields(matrix: OfferMatrix, ranker: LinearRanker) -> None:
    person = profile(german_level="A1", children_ages=[3, 8], housing="shared_accommodation", months_in_germany=3)
    ranking = rank(person, matrix, ranker.scores, TODAY)
    fields = {int(matrix.field[row]) for row in ranking.rows}
    categories = [int(matrix.category[row]) for row in ranking.rows]
    assert len(ranking.rows) == 10
    assert len(fields) >= 4
    assert max(categories.count(c) for c in categories) <= 2


def test_limit_and_max_per_category_are_honoured(matrix: OfferMatrix, ranker: LinearRanker) -> None:
    ranking = rank(profile(limit=25, max_per_category=1), matrix, ranker.scores, TODAY)
    categories = [int(matrix.category[row]) for row in ranking.rows]
    assert len(categories) == len(set(categories)) == 25
