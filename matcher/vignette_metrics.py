"""How well a ranking serves the vignettes (docs/vignettes.md): NDCG@8 over distinct categories, must-not
categories in the top 8, the urgent category first, and unsuitable offers of a fitting category."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.offer_matrix import OfferMatrix
from models.taxonomy import CATEGORY_CODES
from models.vignette import LifeSituation, Vignette

TOP = 8

# A method turns a vignette into the offer rows it would show, best first (rows of the OfferMatrix).
VignetteMethod = Callable[[Vignette], Sequence[int]]


@dataclass(frozen=True, slots=True)
class VignetteScore:
    vignette: Vignette
    ndcg: float
    must_not_hits: int
    urgent_first: bool | None  # None: the vignette has no urgent category
    avoided_offers: int


def distinct_categories(categories: Sequence[str]) -> list[str | None]:
    """The categories in order, a repeat replaced by None (it adds nothing to the plan)."""
    seen: set[str] = set()
    out: list[str | None] = []
    for category in categories:
        out.append(None if category in seen else category)
        seen.add(category)
    return out


def ndcg_at(shown: Sequence[str], grades: dict[str, int], achievable: set[str], k: int = TOP) -> float:
    """NDCG@k with gain 2^grade − 1, each category counted once; the ideal uses achievable categories only."""
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    gains = [0.0 if c is None else 2.0 ** grades.get(c, 0) - 1 for c in distinct_categories(shown)[:k]]
    got = float(np.dot(gains, discounts[: len(gains)]))
    ideal = sorted((2.0**g - 1 for c, g in grades.items() if c in achievable and g > 0), reverse=True)[:k]
    best = float(np.dot(ideal, discounts[: len(ideal)]))
    return got / best if best > 0 else float("nan")  # nothing graded can be offered: not scored


def score(vignette: Vignette, rows: Sequence[int], matrix: OfferMatrix, eligible_rows: npt.ArrayLike) -> VignetteScore:
    """One vignette's score for the offers ``rows`` (best first); ``eligible_rows`` decides what is achievable."""
    top = [int(row) for row in rows[:TOP]]
    shown = [matrix.offers[row].category for row in top]
    achievable = {CATEGORY_CODES[int(c)] for c in np.unique(matrix.category[np.asarray(eligible_rows, dtype=np.int64)])}
    return VignetteScore(
        vignette=vignette,
        ndcg=ndcg_at(shown, vignette.grades, achievable),
        must_not_hits=sum(category in vignette.must_not for category in set(shown)),
        urgent_first=None if vignette.urgent is None else bool(shown) and shown[0] == vignette.urgent,
        avoided_offers=sum(matrix.offers[row].id in vignette.avoid_offers for row in top),
    )


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    ndcg: float
    must_not_hits: int
    urgent_first: int
    urgent_total: int
    avoided_offers: int

    @classmethod
    def of(cls, scores: Sequence[VignetteScore]) -> Summary:
        urgent = [s.urgent_first for s in scores if s.urgent_first is not None]
        return cls(
            count=len(scores),
            ndcg=float(np.nanmean([s.ndcg for s in scores])) if any(s.ndcg == s.ndcg for s in scores) else float("nan"),
            must_not_hits=sum(s.must_not_hits for s in scores),
            urgent_first=sum(urgent),
            urgent_total=len(urgent),
            avoided_offers=sum(s.avoided_offers for s in scores),
        )


def by_situation(scores: Sequence[VignetteScore]) -> dict[LifeSituation, Summary]:
    """Summaries per life situation; a vignette counts in every situation it lists."""
    return {
        situation: Summary.of([s for s in scores if situation in s.vignette.situations]) for situation in LifeSituation
    }
