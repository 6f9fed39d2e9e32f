"""The scoring model: a linear model over the pair features, the crossed features and one term per offer.

score = w_base · base features + Σ person fact × offer fact × w + person fact × category × w + offer term

The base weights start from a prior fitted on synthetic consultations (``matcher.fitting``); everything
else starts at zero and moves only as far as the vignettes and recorded feedback push it. Because the score
is a sum, every part of it is exact: ``components`` says how much each feature group moved an offer away
from the average candidate, and those shares are the reasons a counsellor reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import skops.io

from matcher.crosses import OFFER_FACTS, PERSON_FACTS, offer_facts
from matcher.features import BASE_FEATURES, PairFeatures
from matcher.offer_matrix import OfferMatrix
from models.taxonomy import CATEGORY_CODES

MODEL_FORMAT = "lotse-linear-2"
# What a score is made of, for explanations: the base features, each offer fact (summed over the person's
# facts), the category adjustment (person × category) and the offer's own term.
COMPONENTS: tuple[str, ...] = (*BASE_FEATURES, *(f"cross:{name}" for name in OFFER_FACTS), "category", "offer")

Array = npt.NDArray[np.float32]


class UntrustedModelError(ValueError):
    """A stored model is not a Lotse model of this format (or contains types skops does not trust by default)."""


@dataclass(frozen=True, slots=True)
class ModelWeights:
    base: Array  # (BASE_FEATURES,)
    person_offer: Array  # (PERSON_FACTS, OFFER_FACTS)
    person_category: Array  # (PERSON_FACTS, categories)
    offer_ids: tuple[str, ...] = ()
    offer_effects: Array = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @classmethod
    def from_prior(cls, base: npt.ArrayLike) -> ModelWeights:
        return cls(
            base=np.asarray(base, dtype=np.float32),
            person_offer=np.zeros((len(PERSON_FACTS), len(OFFER_FACTS)), dtype=np.float32),
            person_category=np.zeros((len(PERSON_FACTS), len(CATEGORY_CODES)), dtype=np.float32),
        )

    def dumps(self, prior: Array) -> bytes:
        """The skops file of these weights (plain arrays, lists and strings: no code is ever loaded)."""
        return bytes(
            skops.io.dumps(
                {
                    "format": MODEL_FORMAT,
                    "base_features": list(BASE_FEATURES),
                    "person_facts": list(PERSON_FACTS),
                    "offer_facts": list(OFFER_FACTS),
                    "categories": list(CATEGORY_CODES),
                    "prior": np.asarray(prior, dtype=np.float32),
                    "base": self.base,
                    "person_offer": self.person_offer,
                    "person_category": self.person_category,
                    "offer_ids": list(self.offer_ids),
                    "offer_effects": self.offer_effects,
                }
            )
        )

    @classmethod
    def loads(cls, blob: bytes) -> tuple[ModelWeights, Array]:
        """Weights and prior from a skops file; refuses other formats and anything but skops' safe types."""
        untrusted = skops.io.get_untrusted_types(data=blob)
        if untrusted:
            raise UntrustedModelError(f"the stored model contains unreviewed types: {', '.join(untrusted)}")
        stored: dict[str, Any] = skops.io.loads(blob, trusted=[])
        if not isinstance(stored, dict) or stored.get("format") != MODEL_FORMAT:
            raise UntrustedModelError(f"the stored model is not in the format {MODEL_FORMAT}")
        layout = (list(BASE_FEATURES), list(PERSON_FACTS), list(OFFER_FACTS), list(CATEGORY_CODES))
        if (stored["base_features"], stored["person_facts"], stored["offer_facts"], stored["categories"]) != layout:
            raise UntrustedModelError("the stored model was trained on other features than this matcher has")
        weights = cls(
            base=np.asarray(stored["base"], dtype=np.float32),
            person_offer=np.asarray(stored["person_offer"], dtype=np.float32),
            person_category=np.asarray(stored["person_category"], dtype=np.float32),
            offer_ids=tuple(stored["offer_ids"]),
            offer_effects=np.asarray(stored["offer_effects"], dtype=np.float32),
        )
        return weights, np.asarray(stored["prior"], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class BoundModel:
    """A model bound to one catalogue: offer facts and offer terms aligned with the matrix rows."""

    version: int
    weights: ModelWeights
    matrix: OfferMatrix
    facts: Array  # (offers, OFFER_FACTS)
    effects: Array  # (offers,)

    @classmethod
    def bind(cls, weights: ModelWeights, matrix: OfferMatrix, version: int) -> BoundModel:
        effects = np.zeros(matrix.size, dtype=np.float32)
        for offer_id, effect in zip(weights.offer_ids, weights.offer_effects, strict=True):
            row = matrix.row_of.get(offer_id)
            if row is not None:
                effects[row] = effect
        return cls(version, weights, matrix, offer_facts(matrix), effects)

    def scores(self, features: PairFeatures) -> Array:
        """One score per row of ``features``: log(need × fit) plus what was learned; only the order matters."""
        rows, w = features.rows, self.weights
        person = features.person
        score = features.values @ w.base
        score += (self.facts @ (person @ w.person_offer))[rows]  # cheaper than copying facts[rows]
        score += (person @ w.person_category)[self.matrix.category[rows]]
        score += self.effects[rows]
        return np.asarray(score, dtype=np.float32)

    def offer_terms(self, features: PairFeatures) -> Array:
        """The learned term of each row's own offer (part of ``scores``)."""
        return self.effects[features.rows]

    def components(self, features: PairFeatures, positions: npt.NDArray[np.int64]) -> Array:
        """``(positions, COMPONENTS)``: how much each part moved these offers from the average candidate.

        The average is taken over the gender-neutral candidates (all of them if there are none), so that the
        reasons of a gender-neutral offer do not change with gender. Each row sums exactly to the offer's
        score minus the mean score of those candidates.
        """
        rows, w = features.rows, self.weights
        person = features.person
        neutral = np.flatnonzero(~self.matrix.gender_rule[rows])
        if not neutral.size:
            neutral = np.arange(rows.size)
        out = np.empty((positions.size, len(COMPONENTS)), dtype=np.float32)
        bases, crosses = len(BASE_FEATURES), len(BASE_FEATURES) + len(OFFER_FACTS)
        out[:, :bases] = (features.values[positions] - _mean(features.values[neutral])) * w.base
        facts = self.facts[rows]
        out[:, bases:crosses] = (facts[positions] - _mean(facts[neutral])) * (person @ w.person_offer)
        category_terms = (person @ w.person_category)[self.matrix.category[rows]]
        out[:, crosses] = category_terms[positions] - _mean(category_terms[neutral])
        effects = self.effects[rows]
        out[:, crosses + 1] = effects[positions] - _mean(effects[neutral])
        return out


def _mean(values: Array) -> Array:
    """``values.mean(axis=0)``, to the last bit (float32 sums divided in float64), without its overhead."""
    total = np.add.reduce(values, axis=0)
    if values.ndim == 1:
        return np.float32(total / np.intp(len(values)))  # type: ignore[return-value]
    np.true_divide(total, np.intp(len(values)), out=total, casting="unsafe")
    return total  # type: ignore[no-any-return]
