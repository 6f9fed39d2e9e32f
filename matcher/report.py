"""``lotse evaluate``: the model in service measured on the vignettes (out of fold, as it was trained) beside
every baseline, per life situation, and an off-policy estimate on the recorded feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.baselines import rules_only_weights
from matcher.evaluation import Column, score_method, score_vignettes, search_method, shortfalls
from matcher.offer_matrix import OfferMatrix
from matcher.offpolicy import Interval, bootstrap_mean, by_plan, logged_values, plan_values
from matcher.outcome_records import load_outcomes
from matcher.ranker import BoundModel, ModelWeights
from matcher.trainer import held_out_split, served_recipe, stored_vignette_column, vignette_digest
from models.catalogue import load_catalogue
from models.ranking_model import RankingModel, active_model, promoted_models
from models.vignette import LifeSituation
from seed.vignettes import INDEPENDENT_DIR, load_vignettes


@dataclass(frozen=True, slots=True)
class OffPolicy:
    plans: int
    model: Interval  # IPS value per held-out plan of the model in service (its first ten)
    logged: Interval  # value per plan of what was shown


@dataclass(frozen=True, slots=True)
class IndependentCheck:
    name: str
    count: int
    ndcg: dict[str, float]  # method → NDCG@8
    must_not_hits: int  # of the model


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    version: int
    offers: int
    columns: list[Column]  # the model in service first, then the baselines
    counts: dict[LifeSituation, int]
    shortfalls: list[str]
    off_policy: OffPolicy | None
    independent: list[IndependentCheck]


class NoModelError(LookupError):
    """Nothing to evaluate: no model in service, or no catalogue."""


async def evaluation_report(sessions: async_sessionmaker[AsyncSession], today: date) -> EvaluationReport:
    async with sessions() as session:
        catalogue = await load_catalogue(session)
        row = await active_model(session)
        earlier = [m for m in await promoted_models(session) if row is not None and m.version < row.version]
        feedback = await load_outcomes(session)
    if row is None or not catalogue.offers:
        raise NoModelError("no model in service yet (run `lotse serve` once or `lotse train`)")
    matrix = OfferMatrix.build(catalogue.offers)
    vignettes = load_vignettes()
    weights, prior = ModelWeights.loads(row.skops_file)
    recipe = served_recipe(row, matrix, feedback, today)

    def pipeline(name: str, base: np.ndarray) -> Column:
        model = BoundModel.bind(ModelWeights.from_prior(base), matrix, 0)
        return Column.of(name, score_vignettes(vignettes, matrix, model, today))

    search = Column.of(
        "keyword search (BM25)",
        score_method(vignettes, matrix, search_method(matrix, today, with_eligibility=False), today),
    )
    columns = [
        Column.of(f"Lotse v{row.version} (out of fold)", recipe.out_of_fold(vignettes)),
        pipeline("synthetic prior only", prior),
        pipeline("rules only", rules_only_weights()),
        search,
        Column.of(
            "BM25 + eligibility",
            score_method(vignettes, matrix, search_method(matrix, today, with_eligibility=True), today),
        ),
    ]
    previous = _previous(earlier, vignette_digest(vignettes))
    if previous is not None:
        columns.append(previous)
    held = held_out_split(feedback)
    held_out = by_plan([r for r in feedback if held(r)])
    off_policy = None
    if held_out:
        model = BoundModel.bind(weights, matrix, row.version)
        off_policy = OffPolicy(
            len(held_out),
            bootstrap_mean(plan_values(held_out, matrix, model, today)),
            bootstrap_mean(logged_values(held_out)),
        )
    counts = {s: sum(s in v.situations for v in vignettes) for s in LifeSituation}
    served = BoundModel.bind(weights, matrix, row.version)
    independent = _independent(matrix, served, today)
    return EvaluationReport(
        row.version, matrix.size, columns, counts, shortfalls(columns[0], search), off_policy, independent
    )


def _independent(matrix: OfferMatrix, model: BoundModel, today: date) -> list[IndependentCheck]:
    """The model in service (it never saw these) against rules only and keyword search, per independent set."""
    checks = []
    search = search_method(matrix, today, with_eligibility=False)
    rules = BoundModel.bind(ModelWeights.from_prior(rules_only_weights()), matrix, 0)
    for path in sorted(INDEPENDENT_DIR.glob("*.toml")):
        vignettes = load_vignettes(INDEPENDENT_DIR, path.name)
        lotse = Column.of("Lotse", score_vignettes(vignettes, matrix, model, today)).overall
        ndcg = {
            "Lotse": lotse.ndcg,
            "rules only": Column.of("rules", score_vignettes(vignettes, matrix, rules, today)).overall.ndcg,
            "keyword search (BM25)": Column.of("BM25", score_method(vignettes, matrix, search, today)).overall.ndcg,
        }
        checks.append(IndependentCheck(path.stem, len(vignettes), ndcg, lotse.must_not_hits))
    return checks


def _previous(earlier: list[RankingModel], digest: str) -> Column | None:
    """The figures stored with the last model promoted before the one in service, if measured on these vignettes."""
    for row in sorted(earlier, key=lambda m: -m.version):
        column = stored_vignette_column(row, digest, f"previous (v{row.version})")
        if column is not None:
            return column
    return None
