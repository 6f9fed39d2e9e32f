"""``lotse train``: fit a new model, measure it against the one in service, store it, promote it if not worse.

The objective is NDCG@10 on held-out synthetic consultations (other profiles than the training ones,
drawn from their own random stream); when there is held-out feedback, it is the
mean of that NDCG and the share of held-out feedback pairs ordered as people decided. Both models are
measured on the same held-out data in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import sklearn
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.evaluation import Metrics, evaluate, pipeline_method
from matcher.features import FEATURE_NAMES
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import LinearRanker, dump_estimator, load_estimator
from matcher.training import (
    OUTCOME_GRADES,
    Consultation,
    FeedbackExample,
    feedback_pair_accuracy,
    fit,
    split_feedback,
    synthetic_consultations,
)
from models.catalogue import load_catalogue
from models.feedback import Feedback, all_feedback
from models.ranking_model import RankingModel, active_model

HELD_OUT = 0.2
DEFAULT_PROFILES = 2000
DEFAULT_SEED = 20261125
# Held-out consultations come from their own random stream, so no training run has seen them.
HELD_OUT_SEED_OFFSET = 1_000_003
EVALUATION_SEED = DEFAULT_SEED + 2 * HELD_OUT_SEED_OFFSET


def held_out_consultations(matrix: OfferMatrix, profiles: int, seed: int, today: date) -> list[Consultation]:
    return synthetic_consultations(matrix, max(200, int(profiles * HELD_OUT)), seed + HELD_OUT_SEED_OFFSET, today)


@dataclass(frozen=True, slots=True)
class Candidate:
    metrics: Metrics
    feedback_accuracy: float | None

    def objective(self, use_feedback: bool) -> float:
        if use_feedback and self.feedback_accuracy is not None:
            return (self.metrics.ndcg_10 + self.feedback_accuracy) / 2
        return self.metrics.ndcg_10


@dataclass(frozen=True, slots=True)
class TrainingReport:
    version: int
    promoted: bool
    new: Candidate
    current: Candidate | None
    current_version: int | None
    synthetic_profiles: int
    feedback_rows: int
    notes: list[str] = field(default_factory=list)


def ranker_of(row: RankingModel) -> LinearRanker:
    """The servable ranker of a stored model (refusing a model built for other features)."""
    if list(row.feature_names) != list(FEATURE_NAMES):
        raise ValueError(f"model {row.version} was trained on other features than this matcher has")
    return LinearRanker.from_estimator(load_estimator(row.skops_file), row.baseline, row.version)


def feedback_examples(rows: Sequence[Feedback]) -> list[FeedbackExample]:
    return [
        FeedbackExample(
            plan_id=row.plan_id,
            rank=row.rank,
            grade=OUTCOME_GRADES[row.outcome],
            features=np.asarray(row.features, dtype=np.float32),
        )
        for row in rows
        if len(row.features) == len(FEATURE_NAMES)
    ]


async def train(
    sessions: async_sessionmaker[AsyncSession],
    *,
    profiles: int = DEFAULT_PROFILES,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    force: bool = False,
) -> TrainingReport:
    """Train on synthetic consultations plus all recorded feedback; promote if not worse than the current model
    (or always, with ``force``)."""
    today = today or date.today()
    async with sessions() as session:
        catalogue = await load_catalogue(session)
        current_row = await active_model(session)
        feedback = feedback_examples(await all_feedback(session))
    if not catalogue.offers:
        raise ValueError("the catalogue is empty: import offers before training")
    matrix = OfferMatrix.build(catalogue.offers)
    train_set = synthetic_consultations(matrix, profiles, seed, today)
    test_set = held_out_consultations(matrix, profiles, seed, today)
    feedback_train, feedback_test = split_feedback(feedback, HELD_OUT)
    estimator, baseline = fit(train_set, feedback_train, seed)
    new_ranker = LinearRanker.from_estimator(estimator, baseline, version=0)

    def measure(ranker: LinearRanker) -> Candidate:
        metrics = evaluate(pipeline_method(ranker.scores, matrix, today), test_set, matrix)
        return Candidate(metrics, feedback_pair_accuracy(feedback_test, ranker.weights))

    new = measure(new_ranker)
    current, notes = None, []
    if current_row is not None:
        try:
            current = measure(ranker_of(current_row))
        except ValueError as error:
            notes.append(f"the model in service cannot be measured ({error}); the new one replaces it")
    use_feedback = new.feedback_accuracy is not None
    promoted = force or current is None or new.objective(use_feedback) >= current.objective(use_feedback)
    now = datetime.now(UTC)
    row = RankingModel(
        created_at=now,
        promoted=promoted,
        promoted_at=now if promoted else None,
        sklearn_version=sklearn.__version__,
        feature_names=list(FEATURE_NAMES),
        baseline=[float(v) for v in baseline],
        metrics={**new.metrics.as_dict(), "feedback_pair_accuracy": new.feedback_accuracy},
        training={
            "synthetic_profiles": profiles,
            "seed": seed,
            "feedback_rows": len(feedback),
            "feedback_train": len(feedback_train),
            "feedback_held_out": len(feedback_test),
        },
        skops_file=dump_estimator(estimator),
    )
    async with sessions.begin() as session:
        session.add(row)
    return TrainingReport(
        version=row.version,
        promoted=promoted,
        new=new,
        current=current,
        current_version=None if current_row is None else current_row.version,
        synthetic_profiles=profiles,
        feedback_rows=len(feedback),
        notes=notes,
    )
