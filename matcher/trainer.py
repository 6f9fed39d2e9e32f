"""``lotse train``: fit a new model, compare it with the one in service, store it, promote it only if it earns it.

The gate (docs/matching.md): a candidate is promoted only if it is not worse on the vignettes (out-of-fold
NDCG@8 at most ``MAX_VIGNETTE_DROP`` below the model in service) and better on held-out feedback: the
per-plan difference of their off-policy values has a bootstrap confidence interval that lies above 0.
Without a model in service (or with one this matcher cannot use) the candidate is promoted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import msgspec
import numpy as np
import sklearn
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.evaluation import Column
from matcher.learning import Recipe
from matcher.offer_matrix import OfferMatrix
from matcher.offpolicy import Interval, bootstrap_mean, by_plan, mean_reward, plan_values
from matcher.outcome_records import load_outcomes
from matcher.ranker import COMPONENTS, BoundModel, ModelWeights
from matcher.training import FeedbackRecord, prior_weights
from models.catalogue import load_catalogue
from models.profile import NeedsProfile
from models.ranking_model import RankingModel, active_model
from models.vignette import Vignette
from seed.vignettes import load_vignettes

HELD_OUT = 0.2
DEFAULT_PROFILES = 600
DEFAULT_SEED = 20261125
MAX_VIGNETTE_DROP = 0.01


@dataclass(frozen=True, slots=True)
class Measure:
    vignettes: Column
    feedback_value: float | None  # mean off-policy value per held-out plan


@dataclass(frozen=True, slots=True)
class TrainingReport:
    version: int
    promoted: bool
    reason: str
    new: Measure
    current: Measure | None
    current_version: int | None
    difference: Interval | None  # new − current, off-policy value per held-out plan
    synthetic_profiles: int
    feedback_rows: int
    held_out_plans: int
    notes: list[str] = field(default_factory=list)


def model_of(row: RankingModel, matrix: OfferMatrix) -> BoundModel:
    """The servable model of a stored row (refusing another format or other features)."""
    weights, _ = ModelWeights.loads(row.skops_file)
    return BoundModel.bind(weights, matrix, row.version)


def is_held_out(plan_id: str) -> bool:
    """A fixed fifth of the plans, by plan id: never trained on, always used to compare models."""
    return hashlib.blake2b(plan_id.encode(), digest_size=4).digest()[0] < 256 * HELD_OUT


def held_out_split(feedback: Sequence[FeedbackRecord]) -> Callable[[FeedbackRecord], bool]:
    """Which feedback is held out. With two or more sources a fixed share of the sources (at least one, never
    all) is held out whole, so that no source grades a model trained on its own reports; with a single
    source, a fixed fifth of its plans."""
    sources = sorted({r.source for r in feedback})
    if len(sources) < 2:
        return lambda record: is_held_out(record.plan_id)
    held = {s for s in sources if is_held_out(s)} or {min(sources, key=_share)}
    if len(held) == len(sources):
        held.discard(max(sources, key=_share))
    return lambda record: record.source in held


def _share(key: str) -> int:
    return hashlib.blake2b(key.encode(), digest_size=4).digest()[0]


def vignette_digest(vignettes: Sequence[Vignette]) -> str:
    return hashlib.blake2b(msgspec.json.encode(list(vignettes)), digest_size=12).hexdigest()


def decide(
    new: Measure, current: Measure | None, difference: Interval | None, force: bool, problems: Sequence[str] = ()
) -> tuple[bool, str]:
    """Whether to promote, and why, in words."""
    if problems:
        return False, "not promoted: " + "; ".join(problems)
    if force:
        return True, "promoted because --force was given"
    if current is None:
        return True, "promoted: there is no usable model in service"
    drop = current.vignettes.overall.ndcg - new.vignettes.overall.ndcg
    if drop > MAX_VIGNETTE_DROP:
        return False, f"not promoted: NDCG@8 on the vignettes would drop by {drop:.3f} (more than {MAX_VIGNETTE_DROP})"
    if difference is None:
        return False, "not promoted: there is no held-out feedback to show that it is better"
    if not (difference.excludes_zero and difference.mean > 0):
        verdict = "worse" if difference.high < 0 else "not clearly better"
        return False, (
            f"not promoted: on held-out feedback it is {verdict} (difference {difference.mean:+.3f} per plan, "
            f"95 % interval {difference.low:+.3f} to {difference.high:+.3f})"
        )
    return True, (
        f"promoted: better on held-out feedback ({difference.mean:+.3f} per plan, 95 % interval "
        f"{difference.low:+.3f} to {difference.high:+.3f}) and NDCG@8 on the vignettes changes by {-drop:+.3f}"
    )


async def train(
    sessions: async_sessionmaker[AsyncSession],
    *,
    profiles: int = DEFAULT_PROFILES,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    force: bool = False,
) -> TrainingReport:
    today = today or date.today()
    async with sessions() as session:
        catalogue = await load_catalogue(session)
        current_row = await active_model(session)
        feedback = await load_outcomes(session)
    if not catalogue.offers:
        raise ValueError("the catalogue is empty: import offers before training")
    matrix = OfferMatrix.build(catalogue.offers)
    vignettes = load_vignettes()
    digest = vignette_digest(vignettes)
    held = held_out_split(feedback)
    training_feedback = [r for r in feedback if not held(r)]
    held_out = by_plan([r for r in feedback if held(r)])
    recipe = Recipe.of(matrix, prior_weights(matrix, profiles, seed, today), training_feedback, today)
    fitted = recipe.fitted(vignettes)
    weights = fitted.weights
    candidate = BoundModel.bind(weights, matrix, 0)

    baseline = mean_reward(held_out)

    def feedback_value(model: BoundModel) -> np.ndarray | None:
        return plan_values(held_out, matrix, model, today, baseline) if held_out else None

    new_values = feedback_value(candidate)
    new = Measure(Column.of("new", recipe.out_of_fold(vignettes)), _mean(new_values))
    current, difference, notes = None, None, []
    if current_row is not None:
        try:
            served = model_of(current_row, matrix)
        except Exception as error:  # another format, or a damaged file
            notes.append(f"the model in service cannot be used ({error}); the new one replaces it")
        else:
            current_column = stored_vignette_column(current_row, digest, "current")
            if current_column is None:
                notes.append("the model in service was measured on other vignettes; its recipe is refitted on these")
                recipe_in_service = served_recipe(current_row, matrix, feedback, today)
                current_column = Column.of("current", recipe_in_service.out_of_fold(vignettes))
            current_values = feedback_value(served)
            current = Measure(current_column, _mean(current_values))
            if new_values is not None and current_values is not None:
                clusters = [profile_key(records[0].profile) for records in held_out.values()]
                difference = bootstrap_mean(new_values - current_values, seed=seed, clusters=clusters)
    promoted, reason = decide(new, current, difference, force, fitted.problems)
    now = datetime.now(UTC)
    row = RankingModel(
        created_at=now,
        promoted=promoted,
        promoted_at=now if promoted else None,
        sklearn_version=sklearn.__version__,
        feature_names=list(COMPONENTS),
        baseline=[float(v) for v in recipe.prior],
        metrics={
            "vignettes": new.vignettes.as_dict(),
            "vignette_digest": digest,
            "feedback_value": new.feedback_value,
            "gate": reason,
        },
        training={
            "synthetic_profiles": profiles,
            "seed": seed,
            "feedback_rows": len(feedback),
            "feedback_train": len(training_feedback),
            "held_out_plans": len(held_out),
            "feedback_through": max((r.feedback_id for r in feedback), default=0),
            "referral_outcomes": sum(1 for r in feedback if r.feedback_id == 0),
            "vignettes": len(vignettes),
        },
        skops_file=weights.dumps(recipe.prior),
    )
    async with sessions.begin() as session:
        session.add(row)
    return TrainingReport(
        version=row.version,
        promoted=promoted,
        reason=reason,
        new=new,
        current=current,
        current_version=None if current_row is None else current_row.version,
        difference=difference,
        synthetic_profiles=profiles,
        feedback_rows=len(feedback),
        held_out_plans=len(held_out),
        notes=notes,
    )


def _mean(values: np.ndarray | None) -> float | None:
    return None if values is None else float(values.mean())


def stored_vignette_column(row: RankingModel, digest: str, name: str) -> Column | None:
    """The out-of-fold vignette figures stored with a model, if they were measured on these vignettes."""
    metrics = row.metrics or {}
    stored = metrics.get("vignettes")
    if metrics.get("vignette_digest") != digest or not isinstance(stored, dict):
        return None
    return Column.from_dict(name, stored)


def served_recipe(row: RankingModel, matrix: OfferMatrix, feedback: Sequence[FeedbackRecord], today: date) -> Recipe:
    """The recipe a stored model was trained with: its prior and the feedback it saw (not the held-out plans)."""
    _, prior = ModelWeights.loads(row.skops_file)
    held = held_out_split(feedback)
    seen = [r for r in feedback if (r.recorded_at is None or r.recorded_at <= row.created_at) and not held(r)]
    return Recipe.of(matrix, prior, seen, today)


def profile_key(profile: NeedsProfile) -> str:
    """Plans of the same needs (on a day, the same plan): one cluster for the bootstrap."""
    neutral = msgspec.structs.replace(profile, plan_language="de", limit=10, max_per_category=None)
    return hashlib.blake2b(msgspec.json.encode(neutral), digest_size=8).hexdigest()
