"""One matching run: eligibility → needs → pair features → scores → coverage re-ranking.

The scoring function is passed in, so the learned model and the rules-only baseline run the same pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.coverage import coverage_rerank
from matcher.eligibility import EligibilityResult, eligibility
from matcher.features import PairFeatures, pair_features
from matcher.needs import CLEAR_NEED, Needs, needs_of
from matcher.offer_matrix import FIELDS, OfferMatrix
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_CODES

Scorer = Callable[[PairFeatures], npt.NDArray[np.float32]]
CANDIDATES = 200  # best-scored offers the coverage re-ranking chooses from


@dataclass(frozen=True, slots=True)
class Ranking:
    needs: Needs
    eligible: EligibilityResult
    features: PairFeatures  # of the chosen offers, in rank order
    scores: npt.NDArray[np.float32]  # of the chosen offers, in rank order
    unmet_fields: list[int]
    unmet_categories: list[int]

    @property
    def rows(self) -> list[int]:
        return [int(row) for row in self.features.rows]


def rank(
    profile: NeedsProfile,
    matrix: OfferMatrix,
    scorer: Scorer,
    today: date,
    *,
    limit: int | None = None,
    max_per_category: int | None = None,
) -> Ranking:
    """The ranked, coverage-balanced recommendations for ``profile`` (never an ineligible offer)."""
    needs = needs_of(profile)
    eligible = eligibility(profile, matrix, today)
    rows = np.flatnonzero(eligible.mask)
    features = pair_features(profile, needs, matrix, eligible, rows, today)
    scores = scorer(features)
    if rows.size > CANDIDATES:
        top = np.argpartition(-scores, CANDIDATES)[:CANDIDATES]
        top = top[np.argsort(-scores[top], kind="stable")]
    else:
        top = np.argsort(-scores, kind="stable")
    chosen = coverage_rerank(
        scores[top],
        matrix.field[rows[top]],
        matrix.category[rows[top]],
        needs.field,
        limit=limit or profile.limit,
        max_per_category=max_per_category or profile.max_per_category,
    )
    picked = top[chosen]
    unmet_fields, unmet_categories = _unmet(needs, matrix, rows)
    return Ranking(
        needs=needs,
        eligible=eligible,
        features=PairFeatures(
            rows=rows[picked], values=features.values[picked], distance_km=features.distance_km[picked]
        ),
        scores=scores[picked],
        unmet_fields=unmet_fields,
        unmet_categories=unmet_categories,
    )


def _unmet(needs: Needs, matrix: OfferMatrix, rows: npt.NDArray[np.int64]) -> tuple[list[int], list[int]]:
    """Fields and categories with a clear need but no eligible offer at all."""
    offered_categories = np.bincount(matrix.category[rows], minlength=len(CATEGORY_CODES)) > 0
    offered_fields = np.bincount(matrix.field[rows], minlength=len(FIELDS)) > 0
    categories = [int(c) for c in np.flatnonzero((needs.category >= CLEAR_NEED) & ~offered_categories)]
    fields = [int(f) for f in np.flatnonzero((needs.field >= CLEAR_NEED) & ~offered_fields)]
    return fields, categories
