"""Training data and fitting: synthetic consultations plus counsellors' recorded feedback.

Pairs come from within one consultation (or one plan): "for this person, offer A is better than B".
Feedback pairs count ``FEEDBACK_WEIGHT`` times as much as synthetic ones and are weighted against position
bias: an offer shown far down was seen less often, so what people said about it counts more (inverse
propensity, with ``propensity(rank) = rank ** -0.5``, capped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from matcher.eligibility import EligibilityResult, eligibility
from matcher.features import FEATURE_NAMES, PairFeatures, pair_features
from matcher.needs import Needs, needs_of
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import build_pipeline
from models.profile import NeedsProfile
from seed.consultations import counsellor_relevance, grades, synthetic_profile

PAIRS_PER_CONSULTATION = 60
FEEDBACK_WEIGHT = 5.0
MAX_PROPENSITY_WEIGHT = 4.0
OUTCOME_GRADES = {"completed": 3, "accepted": 2, "declined": 0, "not_suitable": 0}


@dataclass(frozen=True, slots=True)
class Consultation:
    profile: NeedsProfile
    needs: Needs
    eligible: EligibilityResult
    features: PairFeatures  # of every eligible offer
    grades: npt.NDArray[np.int8]  # per eligible offer


@dataclass(frozen=True, slots=True)
class FeedbackExample:
    """One recorded outcome with the features and rank the offer had when it was shown."""

    plan_id: str
    rank: int
    grade: int
    features: npt.NDArray[np.float32]


def synthetic_consultations(matrix: OfferMatrix, count: int, seed: int, today: date) -> list[Consultation]:
    rng = np.random.default_rng(seed)
    consultations = []
    for _ in range(count):
        profile = synthetic_profile(rng)
        needs = needs_of(profile)
        result = eligibility(profile, matrix, today)
        rows = np.flatnonzero(result.mask)
        features = pair_features(profile, needs, matrix, result, rows, today)
        consultations.append(
            Consultation(profile, needs, result, features, grades(counsellor_relevance(features, rng)))
        )
    return consultations


def split_by_profile(
    items: Sequence[Consultation], held_out: float, seed: int
) -> tuple[list[Consultation], list[Consultation]]:
    """Train and held-out consultations; a profile is never in both."""
    order = np.random.default_rng(seed).permutation(len(items))
    cut = int(len(items) * (1 - held_out))
    return [items[i] for i in order[:cut]], [items[i] for i in order[cut:]]


def split_feedback(
    examples: Sequence[FeedbackExample], held_out: float
) -> tuple[list[FeedbackExample], list[FeedbackExample]]:
    """Split by plan (so one consultation's outcomes stay together), stable across runs."""

    def is_held_out(plan_id: str) -> bool:
        return int(plan_id.replace("-", "")[-6:], 16) % 1000 < held_out * 1000

    return [e for e in examples if not is_held_out(e.plan_id)], [e for e in examples if is_held_out(e.plan_id)]


def synthetic_pairs(
    consultations: Sequence[Consultation], rng: np.random.Generator
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Feature differences of offer pairs with different grades, and their weights."""
    differences, weights = [], []
    for consultation in consultations:
        g = consultation.grades
        if g.size < 2 or g.min() == g.max():
            continue
        first = rng.integers(0, g.size, size=PAIRS_PER_CONSULTATION * 3)
        second = rng.integers(0, g.size, size=PAIRS_PER_CONSULTATION * 3)
        keep = g[first] != g[second]
        first, second = first[keep][:PAIRS_PER_CONSULTATION], second[keep][:PAIRS_PER_CONSULTATION]
        better = np.where(g[first] > g[second], first, second)
        worse = np.where(g[first] > g[second], second, first)
        values = consultation.features.values
        differences.append(values[better] - values[worse])
        weights.append(np.abs(g[first] - g[second]).astype(np.float32))
    if not differences:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32), np.zeros(0, dtype=np.float32)
    return np.concatenate(differences), np.concatenate(weights)


def propensity_weight(rank: int) -> float:
    return float(min(rank**0.5, MAX_PROPENSITY_WEIGHT))


def feedback_pairs(examples: Sequence[FeedbackExample]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Pairs within each plan: an offer the person took up against one they declined or found unsuitable."""
    by_plan: dict[str, list[FeedbackExample]] = {}
    for example in examples:
        by_plan.setdefault(example.plan_id, []).append(example)
    differences, weights = [], []
    for plan_examples in by_plan.values():
        for better in plan_examples:
            for worse in plan_examples:
                if better.grade > worse.grade:
                    differences.append(better.features - worse.features)
                    ips = (propensity_weight(better.rank) + propensity_weight(worse.rank)) / 2
                    weights.append(FEEDBACK_WEIGHT * ips)
    if not differences:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32), np.zeros(0, dtype=np.float32)
    return np.asarray(differences, dtype=np.float32), np.asarray(weights, dtype=np.float32)


def fit(
    consultations: Sequence[Consultation], feedback: Sequence[FeedbackExample], seed: int
) -> tuple[LogisticRegression, npt.NDArray[np.float32]]:
    """The fitted estimator and the baseline (average offer features) for its contributions."""
    rng = np.random.default_rng(seed)
    synthetic_x, synthetic_w = synthetic_pairs(consultations, rng)
    feedback_x, feedback_w = feedback_pairs(feedback)
    differences = np.concatenate([synthetic_x, feedback_x])
    weights = np.concatenate([synthetic_w, feedback_w])
    # Each pair in both directions, so the classes balance and no intercept is needed.
    x = np.concatenate([differences, -differences])
    y = np.concatenate([np.ones(len(differences)), np.zeros(len(differences))])
    estimator = build_pipeline().fit(x, y, sample_weight=np.concatenate([weights, weights]))
    baseline = np.concatenate([c.features.values for c in consultations]).mean(axis=0)
    return estimator, baseline.astype(np.float32)


def feedback_pair_accuracy(examples: Sequence[FeedbackExample], weights: npt.NDArray[np.float32]) -> float | None:
    """Share of held-out feedback pairs the model orders the way the people decided (None without pairs)."""
    differences, _ = feedback_pairs(examples)
    if not len(differences):
        return None
    return float(np.mean(differences @ weights > 0))
