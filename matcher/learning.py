"""One training recipe: the synthetic prior, the catalogue's offers, the feedback pairs and the penalties.

``fit`` turns vignettes into a model with this recipe; ``out_of_fold`` scores every vignette with a model
that was fitted without it (five folds, stratified by life situation), which is how vignettes that a model
learns from are ever measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.crosses import offer_facts
from matcher.design import Layout
from matcher.evaluation import score_vignettes
from matcher.fitting import Fitted, Outcomes, Penalties, fit_learned
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel, ModelWeights
from matcher.training import FeedbackRecord, feedback_outcomes, vignette_pairs
from matcher.vignette_metrics import VignetteScore
from models.vignette import Vignette

FOLDS = 5


@dataclass(frozen=True, slots=True)
class Recipe:
    matrix: OfferMatrix
    prior: npt.NDArray[np.float32]
    feedback: Outcomes
    layout: Layout
    facts: npt.NDArray[np.float32]
    today: date
    penalties: Penalties

    @classmethod
    def of(
        cls,
        matrix: OfferMatrix,
        prior: npt.NDArray[np.float32],
        feedback: Sequence[FeedbackRecord],
        today: date,
        penalties: Penalties | None = None,
    ) -> Recipe:
        layout = Layout(offer_ids=tuple(offer.id for offer in matrix.offers))
        facts = offer_facts(matrix)
        outcomes = feedback_outcomes(feedback, matrix, facts, layout, today)
        return cls(matrix, prior, outcomes, layout, facts, today, penalties or Penalties())

    def fitted(self, vignettes: Sequence[Vignette]) -> Fitted:
        pairs = vignette_pairs(vignettes, self.matrix, self.facts, self.layout, self.today)
        return fit_learned(self.prior, pairs, self.feedback, self.layout, self.penalties)

    def weights(self, vignettes: Sequence[Vignette]) -> ModelWeights:
        return self.fitted(vignettes).weights

    def fit(self, vignettes: Sequence[Vignette], version: int = 0) -> BoundModel:
        return BoundModel.bind(self.weights(vignettes), self.matrix, version)

    def out_of_fold(self, vignettes: Sequence[Vignette]) -> list[VignetteScore]:
        fold = folds(vignettes)
        scores: list[VignetteScore] = []
        for k in range(FOLDS):
            model = self.fit([v for v in vignettes if fold[v.id] != k])
            scores += score_vignettes([v for v in vignettes if fold[v.id] == k], self.matrix, model, self.today)
        order = {v.id: i for i, v in enumerate(vignettes)}
        return sorted(scores, key=lambda s: order[s.vignette.id])


def folds(vignettes: Sequence[Vignette]) -> dict[str, int]:
    """Fold of every vignette: within each first life situation, in id order, round robin."""
    ordered = sorted(vignettes, key=lambda v: (v.situation.value, v.id))
    return {v.id: i % FOLDS for i, v in enumerate(ordered)}
