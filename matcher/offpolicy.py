"""Off-policy estimates from logged plans: how a ranking would have done with the people who gave feedback.

Every shown offer's propensity (the probability that the plan showed it, from the exploration) is stored
with the plan. For a ranking π, a plan's value is the sum over its recorded outcomes of
``reward × [π shows the offer in its first TOP] / propensity`` (inverse propensity scoring, weights capped
at ``MAX_IPS``). Offers the logging policy never showed cannot be judged: the estimate is about the shown ones,
and when two rankings are compared, an offer without a recorded outcome counts as average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import msgspec
import numpy as np
import numpy.typing as npt

from matcher.engine import Scorer, rank
from matcher.offer_matrix import OfferMatrix
from matcher.training import MAX_IPS, FeedbackRecord

TOP = 10
BOOTSTRAP_ROUNDS = 2000


@dataclass(frozen=True, slots=True)
class Interval:
    mean: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


def reward(record: FeedbackRecord) -> float:
    """A recorded outcome's reward: +1 taken up (completed), −1 turned down, in between by its label."""
    return 2.0 * record.label - 1.0


def by_plan(records: Sequence[FeedbackRecord]) -> dict[str, list[FeedbackRecord]]:
    plans: dict[str, list[FeedbackRecord]] = {}
    for record in records:
        plans.setdefault(record.plan_id, []).append(record)
    return plans


def mean_reward(plans: dict[str, list[FeedbackRecord]]) -> float:
    rewards = [reward(r) for records in plans.values() for r in records]
    return float(np.mean(rewards)) if rewards else 0.0


def plan_values(
    plans: dict[str, list[FeedbackRecord]], matrix: OfferMatrix, model: Scorer, today: date, baseline: float = 0.0
) -> npt.NDArray[np.float64]:
    """Per plan (in ``plans`` order): the IPS value of ``model``'s deterministic top ``TOP``.

    With ``baseline`` (the mean reward), each reward counts as its difference from the mean: an offer without
    a recorded outcome is taken to be average, so that comparing two rankings that show different offers
    does not count every offer the new one shows instead as a loss.
    """
    values = []
    for records in plans.values():
        profile = msgspec.structs.replace(records[0].profile, limit=TOP, max_per_category=None)
        shown = {matrix.offers[row].id for row in rank(profile, matrix, model, today).rows}
        values.append(
            sum(
                (reward(r) - baseline) * min(1.0 / max(r.propensity, 1e-6), MAX_IPS)
                for r in records
                if r.offer_id in shown and r.propensity > 0  # an alternative's outcome was not a recommendation's
            )
        )
    return np.asarray(values, dtype=np.float64)


def logged_values(plans: dict[str, list[FeedbackRecord]]) -> npt.NDArray[np.float64]:
    """Per plan: the value of what was actually shown (every recorded outcome counts once)."""
    return np.asarray([sum(reward(r) for r in records) for records in plans.values()], dtype=np.float64)


def bootstrap_mean(
    values: npt.NDArray[np.float64], seed: int = 0, level: float = 0.95, clusters: Sequence[str] | None = None
) -> Interval:
    """The mean per plan and its percentile bootstrap interval, resampling plans — or, with ``clusters``,
    resampling groups of plans that are not independent (the same needs give the same plan on a day)."""
    if values.size == 0:
        return Interval(0.0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    if clusters is None:
        clusters = [str(i) for i in range(values.size)]
    index = {key: i for i, key in enumerate(dict.fromkeys(clusters))}
    group = np.asarray([index[key] for key in clusters])
    sums = np.bincount(group, weights=values, minlength=len(index))
    counts = np.bincount(group, minlength=len(index)).astype(np.float64)
    draws = rng.integers(0, len(index), size=(BOOTSTRAP_ROUNDS, len(index)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    tail = (1 - level) / 2 * 100
    return Interval(float(values.mean()), float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail)))
