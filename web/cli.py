"""The ``lotse`` command: serve, db upgrade, seed, import, export."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from matcher.evaluation import compare, markdown_table, model_ahead
from matcher.offer_matrix import OfferMatrix
from matcher.trainer import (
    DEFAULT_PROFILES,
    DEFAULT_SEED,
    EVALUATION_SEED,
    TrainingReport,
    held_out_consultations,
    ranker_of,
    train,
)
from matcher.training import synthetic_consultations
from models.catalogue import Catalogue, StoreSummary, load_catalogue, store_catalogue
from models.database import create_engine, session_factory, upgrade_schema
from models.ranking_model import RankingModel, active_model
from seed.demo import demo_catalogue
from seed.hsds.export import catalogue_to_hsds
from seed.hsds.parse import HsdsImportError, parse_hsds
from web.log_policy import configure_logging
from web.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lotse``; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"lotse: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    result: int = args.run(args, settings)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lotse", description="Offer matching for integration counselling in Laatzen.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the web service (migrates and seeds on first run)")
    serve.add_argument("--host", help="address to bind (default: LOTSE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: LOTSE_PORT or 8000)")
    serve.set_defaults(run=_serve)

    database = commands.add_parser("db", help="database schema").add_subparsers(required=True, metavar="ACTION")
    database.add_parser("upgrade", help="apply all migrations").set_defaults(run=_db_upgrade)

    seed = commands.add_parser("seed", help="load the Laatzen demo catalogue (creates or updates its offers)")
    seed.add_argument("--replace", action="store_true", help="remove every offer that is not in the demo catalogue")
    seed.set_defaults(run=_seed)

    importer = commands.add_parser("import", help="import an HSDS 3 JSON file (all or nothing)")
    importer.add_argument("file", type=Path, help="HSDS JSON file, or - for standard input")
    importer.add_argument("--replace", action="store_true", help="remove every offer that is not in the file")
    importer.set_defaults(run=_import)

    trainer = commands.add_parser("train", help="retrain the ranking model; promote it if it is not worse")
    trainer.add_argument("--profiles", type=int, default=DEFAULT_PROFILES, help="synthetic consultations to use")
    trainer.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same data)")
    trainer.add_argument("--force", action="store_true", help="promote even if the new model measures worse")
    trainer.set_defaults(run=_train)

    evaluator = commands.add_parser("evaluate", help="measure the model in service against the baselines")
    evaluator.add_argument("--profiles", type=int, default=DEFAULT_PROFILES, help="synthetic consultations to use")
    evaluator.add_argument("--seed", type=int, default=EVALUATION_SEED, help="random seed of the evaluation data")
    evaluator.set_defaults(run=_evaluate)

    exporter = commands.add_parser("export", help="export the catalogue as HSDS 3 JSON")
    exporter.add_argument("file", type=Path, help="output file, or - for standard output")
    exporter.set_defaults(run=_export)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from web.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Lotse serves on http://{host}:{port} (database: {_safe_url(settings.database_url)})", flush=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level.lower(), access_log=False)
    return 0


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_schema(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    print("The database schema is up to date.")
    return 0


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    summary = asyncio.run(_store(settings, demo_catalogue(), replace=args.replace))
    print(f"Demo catalogue: {summary.created} offers created, {summary.updated} updated, {summary.removed} removed.")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    try:
        raw = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as error:
        print(f"lotse import: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        catalogue = parse_hsds(raw)
    except HsdsImportError as error:
        print(
            f"lotse import: nothing was imported; {len(error.problems)} problem(s) in {args.file}:",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    summary = asyncio.run(_store(settings, catalogue, replace=args.replace))
    print(
        f"Imported {args.file}: {summary.created} offers created, {summary.updated} updated, {summary.removed} removed."
    )
    return 0


def _train(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> TrainingReport:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_schema(engine)
            return await train(session_factory(engine), profiles=args.profiles, seed=args.seed, force=args.force)
        finally:
            await engine.dispose()

    try:
        report = asyncio.run(run())
    except ValueError as error:
        print(f"lotse train: {error}", file=sys.stderr)
        return 1
    print(f"Trained model version {report.version} on {report.synthetic_profiles} synthetic consultations "
          f"and {report.feedback_rows} feedback records.")  # fmt: skip
    candidates = {f"new (version {report.version})": report.new}
    if report.current is not None:
        candidates[f"in service (version {report.current_version})"] = report.current
    for name, candidate in candidates.items():
        m, accuracy = candidate.metrics, candidate.feedback_accuracy
        feedback = "n/a" if accuracy is None else f"{accuracy:.3f}"
        print(f"  {name}: NDCG@10 {m.ndcg_10:.3f}, MRR {m.mrr:.3f}, feedback pairs ordered right {feedback}")
    for note in report.notes:
        print(f"  note: {note}")
    print("Promoted: the new model is now in service." if report.promoted else "Not promoted: it measured worse.")
    return 0


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> tuple[Catalogue, RankingModel | None]:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_schema(engine)
            async with session_factory(engine)() as session:
                return await load_catalogue(session), await active_model(session)
        finally:
            await engine.dispose()

    catalogue, row = asyncio.run(run())
    if row is None or not catalogue.offers:
        print("lotse evaluate: no model in service yet (run `lotse serve` once or `lotse train`)", file=sys.stderr)
        return 1
    today = date.today()
    matrix = OfferMatrix.build(catalogue.offers)
    # Evaluation data has its own seed: the model in service never trained on these profiles.
    train_set = synthetic_consultations(matrix, args.profiles, args.seed, today)
    test_set = held_out_consultations(matrix, args.profiles, args.seed, today)
    results = compare(matrix, ranker_of(row).scores, train_set, test_set, today, args.seed)
    print(f"Model version {row.version}; {len(test_set)} held-out consultations; {matrix.size} offers.\n")
    print(markdown_table(results))
    ahead = model_ahead(results)
    print("\nThe model is ahead of every baseline." if ahead else "\nThe model is NOT ahead of every baseline.")
    return 0 if ahead else 1


def _export(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> str:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_schema(engine)
            async with session_factory(engine)() as session:
                catalogue = await load_catalogue(session)
        finally:
            await engine.dispose()
        return json.dumps(catalogue_to_hsds(catalogue), ensure_ascii=False, indent=2) + "\n"

    text = asyncio.run(run())
    if str(args.file) == "-":
        sys.stdout.write(text)
    else:
        args.file.write_text(text, encoding="utf-8")
        print(f"Exported the catalogue to {args.file}.")
    return 0


async def _store(settings: Settings, catalogue: Catalogue, *, replace: bool) -> StoreSummary:
    engine = create_engine(settings.database_url)
    try:
        await upgrade_schema(engine)
        async with session_factory(engine).begin() as session:
            return await store_catalogue(session, catalogue, replace=replace)
    finally:
        await engine.dispose()


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    raise SystemExit(main())
