"""Training data: synthetic consultations for the prior, vignettes and recorded feedback for what is learned.

- Synthetic pairs compare offers within one synthetic consultation on the base features only.
- Vignette pairs compare offers of categories the vignette grades differently (grade difference as weight);
  they carry the base features and the person × category crosses, neither person × offer crosses nor
  per-offer columns: a vignette grades kinds of help, not single offers, and crosses fitted to it learned which
  offers happen to make up the well-graded kinds (offers in Alt-Laatzen for parents of school children).
- Feedback is every recorded outcome of an offer a plan showed, with the features it has for that plan's
  person today, labelled by how far the person took the offer up (0 to 1: a soft label of the logistic loss).
  A counsellor's or partner's outcome is taken up (1) or not (0); a referral's outcome is graded (completed >
  started > accepted > referred; declined and dropped by reason, ``REFERRAL_LABELS``), and where an offer of a
  plan has both, the referral's counts. Each counts ``FEEDBACK_WEIGHT`` times and is corrected for how likely
  the plan was to show it (inverse propensity, from the exploration that chose it; capped at ``MAX_IPS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matcher.crosses import person_facts
from matcher.design import Layout, design_rows
from matcher.eligibility import eligibility
from matcher.features import PairFeatures, candidate_rows, pair_features
from matcher.fitting import Outcomes, Pairs, fit_prior
from matcher.needs import needs_of
from matcher.offer_matrix import OfferMatrix
from matcher.person import Person
from matcher.synthetic import counsellor_relevance, grades, synthetic_profile
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_CODES
from models.vignette import Vignette

SYNTHETIC_PAIRS = 60
VIGNETTE_PAIRS = 400
FEEDBACK_WEIGHT = 2.0
MAX_IPS = 10.0
OUTCOME_LABELS = {"completed": 1.0, "accepted": 1.0, "declined": 0.0, "not_suitable": 0.0}
# Referral outcomes: (status, reason) → label; None means the outcome says nothing about whether the offer
# suited the person (full, moved away, found work, ill, unreachable) and is not learned from.
REFERRAL_LABELS: dict[tuple[str, str | None], float | None] = {
    ("completed", None): 1.0,
    ("started", None): 0.85,
    ("accepted", None): 0.7,
    ("referred", None): 0.6,
    ("declined", "not_eligible"): 0.0,
    ("declined", "other"): 0.2,
    ("dropped", "not_suitable"): 0.0,
    ("dropped", "schedule"): 0.1,
    ("dropped", "childcare"): 0.1,
    ("dropped", "other"): 0.3,
}


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """One recorded outcome with the needs profile of its plan and the propensity it was shown with."""

    feedback_id: int
    plan_id: str
    profile: NeedsProfile
    offer_id: str
    label: float  # how far the person took the offer up: 0 turned down … 1 completed
    propensity: float
    source: str = ""  # who reported it (a staff account or a partner key), opaque here
    recorded_at: datetime | None = None  # when the outcome was recorded (its latest change)


def features_for(
    profile: NeedsProfile, matrix: OfferMatrix, today: date, rows: npt.NDArray[np.int64] | None = None
) -> PairFeatures:
    """Base features of ``profile`` against ``rows`` (default: every candidate)."""
    person = Person.of(profile)
    needs = needs_of(profile, person)
    eligible = eligibility(profile, matrix, today)
    rows = candidate_rows(needs, matrix, eligible) if rows is None else rows
    return pair_features(person, needs, matrix, eligible, rows, today, person_facts(person))


def prior_weights(matrix: OfferMatrix, count: int, seed: int, today: date) -> npt.NDArray[np.float32]:
    """The prior: base weights fitted to ``count`` synthetic consultations."""
    rng = np.random.default_rng(seed)
    differences, weights = [], []
    for _ in range(count):
        features = features_for(synthetic_profile(rng), matrix, today)
        g = grades(counsellor_relevance(features, rng))
        first, second = _graded_pairs(g, SYNTHETIC_PAIRS, rng)
        differences.append(features.values[first] - features.values[second])
        weights.append(np.abs(g[first] - g[second]).astype(np.float64))
    return fit_prior(np.concatenate(differences).astype(np.float64), np.concatenate(weights))


def _graded_pairs(
    g: npt.NDArray[np.integer], count: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Up to ``count`` random pairs (better, worse) of positions with different grades."""
    if g.size < 2 or g.min() == g.max():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = rng.integers(0, g.size, size=count * 4)
    second = rng.integers(0, g.size, size=count * 4)
    keep = g[first] != g[second]
    first, second = first[keep][:count], second[keep][:count]
    better = np.where(g[first] > g[second], first, second)
    worse = np.where(g[first] > g[second], second, first)
    return better, worse


def vignette_pairs(
    vignettes: Sequence[Vignette],
    matrix: OfferMatrix,
    facts: npt.NDArray[np.float32],
    layout: Layout,
    today: date,
) -> Pairs:
    rng = np.random.default_rng(len(vignettes))
    parts = []
    for vignette in vignettes:
        features = features_for(vignette.profile, matrix, today)
        categories = matrix.category[features.rows]
        g = np.asarray([vignette.grades.get(CATEGORY_CODES[c], 0) for c in categories])
        better, worse = _graded_pairs(g, VIGNETTE_PAIRS, rng)
        if not better.size:
            continue
        x = design_rows(
            features, facts[features.rows], categories, np.full(len(categories), -1), layout, offer_level=False
        )  # kinds, not offers (docstring)
        parts.append(Pairs(x[better], x[worse], np.abs(g[better] - g[worse]).astype(np.float64)))
    return Pairs.stack(parts, layout.columns)


def feedback_outcomes(
    records: Sequence[FeedbackRecord],
    matrix: OfferMatrix,
    facts: npt.NDArray[np.float32],
    layout: Layout,
    today: date,
) -> Outcomes:
    """Every recorded outcome of an offer still in the catalogue, with its features for its plan's person."""
    by_plan: dict[str, list[FeedbackRecord]] = {}
    for record in records:
        # Propensity 0 marks an alternative the person chose: it was not shown as a recommendation, so its
        # outcome cannot be weighted by how likely the plan was to recommend it; it is left out.
        if record.offer_id in matrix.row_of and record.propensity > 0:
            by_plan.setdefault(record.plan_id, []).append(record)
    column_of = {offer_id: i for i, offer_id in enumerate(layout.offer_ids)}
    parts, taken, weights = [], [], []
    for plan_records in by_plan.values():
        rows = np.asarray([matrix.row_of[r.offer_id] for r in plan_records], dtype=np.int64)
        features = features_for(plan_records[0].profile, matrix, today, rows)
        columns = np.asarray([column_of.get(r.offer_id, -1) for r in plan_records], dtype=np.int64)
        parts.append(design_rows(features, facts[rows], matrix.category[rows], columns, layout, offer_level=True))
        taken += [r.label for r in plan_records]
        weights += [FEEDBACK_WEIGHT * min(1.0 / max(r.propensity, 1e-6), MAX_IPS) for r in plan_records]
    if not parts:
        return Outcomes.empty(layout.columns)
    return Outcomes(sp.vstack(parts).tocsr(), np.asarray(taken), np.asarray(weights))
