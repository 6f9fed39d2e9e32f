"""``lotse train`` and ``lotse evaluate``: the matcher's commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.database import create_engine, session_factory, use_schema
from web.settings import Settings

if TYPE_CHECKING:  # the matcher (scikit-learn, SciPy: seconds to import) loads only for these two commands
    from matcher.trainer import Measure, TrainingReport

DEFAULT_PROFILES = 600  # matcher.trainer.DEFAULT_PROFILES (a test keeps them equal)
DEFAULT_SEED = 20261125  # matcher.trainer.DEFAULT_SEED

T = TypeVar("T")


def add_matcher_commands(commands: Any) -> None:
    trainer = commands.add_parser("train", help="retrain the ranking model; promote it only if it earns it")
    trainer.add_argument("--profiles", type=int, default=DEFAULT_PROFILES, help="synthetic consultations for the prior")
    trainer.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same data)")
    trainer.add_argument("--force", action="store_true", help="promote even if the gate says no")
    trainer.set_defaults(run=_train)
    evaluator = commands.add_parser("evaluate", help="measure the model in service on the vignettes and feedback")
    evaluator.set_defaults(run=_evaluate)


def _on_database(settings: Settings, work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]) -> T:
    """Run ``work`` on the configured database (a new one gets the schema; models/database.py ``use_schema``)."""

    async def run() -> T:
        engine = create_engine(settings.database_url)
        try:
            await use_schema(engine)
            return await work(session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _describe(name: str, measure: Measure) -> str:
    overall = measure.vignettes.overall
    value = "n/a" if measure.feedback_value is None else f"{measure.feedback_value:+.3f}"
    return (f"  {name}: NDCG@8 {overall.ndcg:.3f} (out of fold), must-not {overall.must_not_hits}, "
            f"urgent first {overall.urgent_first}/{overall.urgent_total}; held-out feedback value {value} per plan (against the average offer)")  # fmt: skip


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from matcher.trainer import train

    def work(sessions: async_sessionmaker[AsyncSession]) -> Awaitable[TrainingReport]:
        return train(sessions, profiles=args.profiles, seed=args.seed, force=args.force)

    try:
        report = _on_database(settings, work)
    except ValueError as error:
        print(f"lotse train: {error}", file=sys.stderr)
        return 1
    print(f"Trained model version {report.version}: prior from {report.synthetic_profiles} synthetic consultations, "
          f"learned from the vignettes and {report.feedback_rows} feedback records "
          f"({report.held_out_plans} plans held out).")  # fmt: skip
    print(_describe(f"new (version {report.version})", report.new))
    if report.current is not None:
        print(_describe(f"in service (version {report.current_version})", report.current))
    for note in report.notes:
        print(f"  note: {note}")
    print(report.reason[0].upper() + report.reason[1:] + ".")
    return 0


def _evaluate(_args: argparse.Namespace, settings: Settings) -> int:
    from matcher.evaluation import situation_table
    from matcher.report import NoModelError, evaluation_report

    try:
        report = _on_database(settings, lambda sessions: evaluation_report(sessions, date.today()))
    except NoModelError as error:
        print(f"lotse evaluate: {error}", file=sys.stderr)
        return 1
    print(f"Model version {report.version}; {sum(1 for _ in report.columns[0].situations)} life situations, "
          f"{report.columns[0].overall.count} vignettes; {report.offers} offers. NDCG@8 over distinct categories:\n")  # fmt: skip
    print(situation_table(report.columns, report.counts))
    if not any(column.name.startswith("previous") for column in report.columns):
        print("\n(No earlier promoted model was measured on these vignettes, so there is no 'previous' column.)")
    if report.off_policy is None:
        print("\nNo held-out plans with feedback yet, so there is no off-policy estimate.")
    else:
        o = report.off_policy
        print(f"\nOff-policy estimate on {o.plans} held-out plans with feedback (value per plan, +1 taken up, "
              f"−1 turned down): model {o.model.mean:+.3f} [{o.model.low:+.3f}, {o.model.high:+.3f}], "
              f"as shown {o.logged.mean:+.3f} [{o.logged.low:+.3f}, {o.logged.high:+.3f}].")  # fmt: skip
    if report.independent:
        methods = list(report.independent[0].ndcg)
        print("\nIndependent checks (never trained on): NDCG@8\n")
        print("| set | vignettes | " + " | ".join(methods) + " | must-not in top 8 (Lotse) |")
        print("|---|---:|" + "---:|" * len(methods) + "---:|")
        for check in report.independent:
            cells = " | ".join(f"{check.ndcg[m]:.3f}" for m in methods)
            print(f"| {check.name} | {check.count} | {cells} | {check.must_not_hits} |")
    if report.shortfalls:
        print("\nOn the project's vignettes the model misses these targets: " + "; ".join(report.shortfalls))
        return 1
    print("\nOn the project's vignettes the model meets every target: NDCG@8 ≥ 0.85, keyword search + 0.20, "
          "no must-not, urgent first, every life situation ≥ 0.70.")  # fmt: skip
    return 0
