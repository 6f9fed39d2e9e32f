"""Coverage re-ranking: the final list spreads over the person's needs instead of ten language courses in a row.

A greedy selection in the spirit of xQuAD: each next offer is the one with the best mix of its own score
and the need of its field that is still uncovered; each offer covers half of what remains of its field's
need. At most ``max_per_category`` offers of one category are taken.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

DIVERSITY = 0.5
COVERED_PER_OFFER = 0.5


def coverage_rerank(
    scores: npt.NDArray[np.float32],
    fields: npt.NDArray[np.int32],
    categories: npt.NDArray[np.int32],
    field_needs: npt.NDArray[np.float32],
    *,
    limit: int,
    max_per_category: int,
) -> list[int]:
    """Positions (into ``scores``) of the chosen offers, best first."""
    if scores.size == 0:
        return []
    span = float(scores.max() - scores.min()) or 1.0
    relevance = (scores - scores.min()) / span
    remaining = field_needs.astype(np.float64).copy()
    taken_per_category: dict[int, int] = {}
    available = np.ones(scores.size, dtype=bool)
    chosen: list[int] = []
    while len(chosen) < limit and available.any():
        gain = (1 - DIVERSITY) * relevance + DIVERSITY * remaining[fields]
        gain = np.where(available, gain, -np.inf)
        best = int(np.argmax(gain))
        available[best] = False
        category = int(categories[best])
        if taken_per_category.get(category, 0) >= max_per_category:
            continue
        taken_per_category[category] = taken_per_category.get(category, 0) + 1
        remaining[fields[best]] *= 1 - COVERED_PER_OFFER
        chosen.append(best)
    return chosen
