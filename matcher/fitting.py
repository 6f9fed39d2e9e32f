"""Fitting the model in three layers, each shrunk toward the one below:

1. the prior: base weights from synthetic consultations (scikit-learn's logistic regression);
2. the vignettes, pairwise: for two offers of kinds a counsellor graded differently, the probability that the
   better one scores higher is ``sigmoid(score_better − score_worse)``; they move the base weights and the
   person × category crosses under an L2 penalty per group (graded kinds say nothing about single offers);
3. recorded feedback, pointwise: the probability that a person takes up a shown offer is
   ``sigmoid(a + t × (score + correction))``, every outcome weighted by its inverse propensity. ``a`` (the base
   rate) and ``t`` (how well the scores predict decisions) come from a fit without corrections; the
   correction lives on the crossed and per-offer weights under an L1 penalty set per weight at the standard
   errors a Bonferroni-corrected significance test asks for. A weight moves only when the feedback says
   something significant about it, so feedback without a preference leaves the ranking where it was, and a
   preference is carried by the one weight that explains it (an offer's own term, or one cross), not smeared
   over every correlated fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import expit
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression

from matcher.crosses import OFFER_FACTS, PERSON_FACTS
from matcher.design import OFFER_START, PERSON_CATEGORY_START, PERSON_OFFER_START, Layout
from matcher.features import BASE_FEATURES
from matcher.ranker import ModelWeights
from models.taxonomy import CATEGORY_CODES

Floats = npt.NDArray[np.float64]
LOG_TRUST = (float(np.log(1e-3)), float(np.log(10.0)))  # how far the scores' weight in decisions may range
TRUST_FLOOR = 0.1  # corrections are turned into score units as if the scores counted at least this much
MIN_SUPPORT = 20  # outcomes a feedback correction needs behind it before it may move
# The direction each base feature may push a score, from the domain: an offer in a language the person speaks,
# nearer, free, with places or with childcare for a small child is never worse for it; unchecked conditions, a
# barrier or a late start never better. The fits keep these signs (a weight may shrink to nothing, never turn):
# learned from vignettes graded per kind of help, sharing a language came out slightly harmful, and plans said
# "its languages suit you less well" of an offer held in the person's own language (a counsellor's review).
HURTS = frozenset({"small_children_no_childcare", "unverified_conditions", "access_barrier", "not_started_yet"})
SIGNS = np.asarray([-1.0 if name in HURTS else 1.0 for name in BASE_FEATURES])
# The same for the person × offer crosses of these offer facts, for every person fact: step-free access and no
# cost never count against an offer, being full never for it ("+ Not step-free" was a reason in favour).
CROSS_SIGNS = {"step_free": 1.0, "free": 1.0, "full": -1.0}


def column_signs(size: int) -> Floats:
    """The sign each of ``size`` model columns must keep (0: either)."""
    signs = np.zeros(size)
    signs[: len(SIGNS)] = SIGNS
    for fact, sign in CROSS_SIGNS.items():
        signs[PERSON_OFFER_START + np.arange(len(PERSON_FACTS)) * len(OFFER_FACTS) + OFFER_FACTS.index(fact)] = sign
    return signs


@dataclass(frozen=True, slots=True)
class Penalties:
    """L2 strength per group of weights for the vignettes; the significance threshold for feedback."""

    base: float = 300.0
    person_offer: float = 20.0
    person_category: float = 30.0
    family_error: float = 0.05  # chance that any feedback correction moves when people have no preference
    feedback_l2: float = 0.5

    def per_column(self, layout: Layout) -> Floats:
        """L2 strength per column for the vignette layer (per-offer columns: vignettes never touch them)."""
        return np.asarray([self.base, self.person_offer, self.person_category, 1.0])[layout.groups()]


@dataclass(frozen=True, slots=True)
class Pairs:
    """Pairs of feature rows (better, worse) with a weight each (from the vignettes)."""

    better: sp.csr_matrix
    worse: sp.csr_matrix
    weight: Floats

    @classmethod
    def stack(cls, parts: list[Pairs], columns: int) -> Pairs:
        parts = [p for p in parts if p.weight.size]
        if not parts:
            empty = sp.csr_matrix((0, columns))
            return cls(empty, empty, np.zeros(0))
        return cls(
            sp.vstack([p.better for p in parts]).tocsr(),
            sp.vstack([p.worse for p in parts]).tocsr(),
            np.concatenate([p.weight for p in parts]),
        )


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Shown offers' feature rows with what the person decided (1 taken up, 0 not) and a weight each."""

    rows: sp.csr_matrix
    taken: Floats
    weight: Floats

    @classmethod
    def empty(cls, columns: int) -> Outcomes:
        return cls(sp.csr_matrix((0, columns)), np.zeros(0), np.zeros(0))


def build_prior_estimator() -> LogisticRegression:
    """The prior's estimator: fit on base-feature differences of offer pairs, label 1 when the first is better."""
    return LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000, random_state=0)


def fit_prior(differences: Floats, weights: Floats) -> npt.NDArray[np.float32]:
    """Base weights from synthetic pairs (``differences`` = better − worse, base features only)."""
    x = np.concatenate([differences, -differences])
    y = np.concatenate([np.ones(len(differences)), np.zeros(len(differences))])
    estimator = build_prior_estimator().fit(x, y, sample_weight=np.concatenate([weights, weights]))
    coefficients = np.asarray(estimator.coef_, dtype=np.float64).reshape(-1)
    return (SIGNS * np.maximum(SIGNS * coefficients, 0.0)).astype(np.float32)  # a wrong sign becomes 0


@dataclass(frozen=True, slots=True)
class Fitted:
    weights: ModelWeights
    problems: list[str]  # optimiser runs that did not converge (a model with problems is never promoted)


def fit_learned(
    prior: npt.NDArray[np.float32], pairs: Pairs, outcomes: Outcomes, layout: Layout, penalties: Penalties
) -> Fitted:
    """Prior, then what the vignettes teach, then the feedback's significant corrections."""
    base = len(BASE_FEATURES)
    problems: list[str] = []
    start = np.concatenate([prior.astype(np.float64), np.zeros(layout.columns - base)])
    graded = start + _vignette_layer(start, pairs, penalties.per_column(layout), problems)
    graded += _feedback_layer(graded, outcomes, layout, penalties, problems)
    return Fitted(weights_of(prior, graded - start, layout), problems)


def _minimize(
    loss: Callable[[Floats], tuple[float, Floats]],
    start: Floats,
    bounds: list[tuple[float | None, float | None]],
    problems: list[str],
    what: str,
) -> Floats:
    options = {"maxiter": 5000, "ftol": 1e-12, "gtol": 1e-8}
    found = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds, options=options)
    if not found.success or not np.all(np.isfinite(found.x)):
        problems.append(f"{what} did not converge: {found.message}")
    return np.asarray(found.x)


def _vignette_layer(weights: Floats, pairs: Pairs, strength: Floats, problems: list[str]) -> Floats:
    """The change the vignettes ask for (pairwise logistic loss, L2 per group)."""
    if not pairs.weight.size:
        return np.zeros_like(weights)
    difference = (pairs.better - pairs.worse).tocsr()
    offset = np.asarray(difference @ weights).reshape(-1)

    def loss(delta: Floats) -> tuple[float, Floats]:
        margin = offset + difference @ delta
        value = float(pairs.weight @ np.logaddexp(0.0, -margin)) + 0.5 * float(strength @ (delta * delta))
        gradient = -(difference.T @ (pairs.weight * expit(-margin))) + strength * delta
        return value, np.asarray(gradient, dtype=np.float64)

    # Weights keep their signs (``column_signs``): weight + change ≥ 0 where a fact helps, ≤ 0 where it hurts.
    bounds: list[tuple[float | None, float | None]] = [
        (-weight, None) if sign > 0 else (None, -weight) if sign < 0 else (None, None)
        for sign, weight in zip(column_signs(weights.size), weights, strict=True)
    ]
    start = np.clip(np.zeros_like(weights), [low if low is not None else -np.inf for low, _ in bounds],
                    [high if high is not None else np.inf for _, high in bounds])  # fmt: skip
    return _minimize(loss, start, bounds, problems, "the vignette layer")


def _feedback_layer(
    weights: Floats, outcomes: Outcomes, layout: Layout, penalties: Penalties, problems: list[str]
) -> Floats:
    """The feedback's corrections on crossed and per-offer weights.

    First the null model: the base rate ``a`` and the factor ``t`` on the current scores, without any
    correction. Then the corrections (pointwise logistic loss, elastic net) with ``t`` held there. A correction's
    L1 strength is as many standard errors of its own gradient under the null model as a two-sided test at
    ``family_error``, Bonferroni-corrected for the number of weights that could move, asks for; a weight with
    fewer than ``MIN_SUPPORT`` outcomes behind it cannot move at all. Under "no preference" no weight moves
    (with probability 1 − ``family_error``).
    """
    if not outcomes.weight.size:
        return np.zeros_like(weights)
    base = len(BASE_FEATURES)
    rows = outcomes.rows.tocsr()
    score = np.asarray(rows @ weights).reshape(-1)
    learned = rows[:, base:].tocsr()
    taken, weight = outcomes.taken, outcomes.weight
    intercept, trust = _null_model(score, taken, weight, problems)
    expected = expit(intercept + trust * score)
    evidence = np.sqrt(np.asarray(learned.multiply(learned).T @ (weight * weight * expected * (1 - expected))).ravel())
    support = np.asarray((learned != 0).sum(axis=0)).ravel()
    testable = support >= MIN_SUPPORT
    threshold = float(norm.isf(penalties.family_error / 2 / max(int(testable.sum()), 1)))
    l1 = np.where(testable, threshold * evidence, np.inf)
    l2 = penalties.feedback_l2
    size = learned.shape[1]

    def loss(variables: Floats) -> tuple[float, Floats]:
        positive, negative = variables[:size], variables[size : 2 * size]
        delta = positive - negative
        logit = variables[-1] + trust * score + learned @ delta
        residual = weight * (expit(logit) - taken)  # d(log loss) / d(logit)
        value = float(weight @ (np.logaddexp(0.0, logit) - taken * logit))
        value += float(np.where(testable, l1, 0.0) @ (positive + negative)) + 0.5 * l2 * float(delta @ delta)
        smooth = np.asarray(learned.T @ residual, dtype=np.float64) + l2 * delta
        strength = np.where(testable, l1, 0.0)
        return value, np.concatenate([smooth + strength, -smooth + strength, [float(residual.sum())]])

    frozen = [(0.0, 0.0) if not ok else (0.0, None) for ok in testable]
    # A correction never turns a column past zero against its sign (``column_signs``): the part that moves against
    # it is at most the weight itself, in the decisions' units.
    scale, signs = max(trust, TRUST_FLOOR), column_signs(weights.size)[base:]
    ups = [(0.0, max(-w, 0.0) * scale) if sign < 0 and ok else bound
           for sign, w, ok, bound in zip(signs, weights[base:], testable, frozen, strict=True)]  # fmt: skip
    downs = [(0.0, max(w, 0.0) * scale) if sign > 0 and ok else bound
             for sign, w, ok, bound in zip(signs, weights[base:], testable, frozen, strict=True)]  # fmt: skip
    bounds: list[tuple[float | None, float | None]] = [*ups, *downs, (None, None)]
    start = np.concatenate([np.zeros(2 * size), [intercept]])
    found = _minimize(loss, start, bounds, problems, "the feedback layer")
    # The corrections are in the units of the decisions' logit; in the score's units they are 1 / trust as large
    # (where the scores hardly predict decisions at all, as if they did at TRUST_FLOOR).
    return np.concatenate([np.zeros(base), (found[:size] - found[size : 2 * size]) / max(trust, TRUST_FLOOR)])


def _null_model(score: Floats, taken: Floats, weight: Floats, problems: list[str]) -> tuple[float, float]:
    """Base rate and factor on the scores that best predict the decisions without any correction."""

    def loss(variables: Floats) -> tuple[float, Floats]:
        trust = np.exp(variables[1])
        logit = variables[0] + trust * score
        residual = weight * (expit(logit) - taken)
        value = float(weight @ (np.logaddexp(0.0, logit) - taken * logit))
        return value, np.asarray([residual.sum(), (residual * trust * score).sum()], dtype=np.float64)

    found = _minimize(loss, np.zeros(2), [(None, None), LOG_TRUST], problems, "the feedback base rate")
    return float(found[0]), float(np.exp(found[1]))


def weights_of(prior: npt.NDArray[np.float32], delta: Floats, layout: Layout) -> ModelWeights:
    p, o, c = len(PERSON_FACTS), len(OFFER_FACTS), len(CATEGORY_CODES)
    return ModelWeights(
        base=(prior + delta[: len(BASE_FEATURES)]).astype(np.float32),
        person_offer=delta[PERSON_OFFER_START:PERSON_CATEGORY_START].reshape(p, o).astype(np.float32),
        person_category=delta[PERSON_CATEGORY_START:OFFER_START].reshape(p, c).astype(np.float32),
        offer_ids=layout.offer_ids,
        offer_effects=delta[OFFER_START:].astype(np.float32),
    )
