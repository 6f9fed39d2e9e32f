"""The ``lotse`` command: serve, db upgrade, seed, import, export (train and evaluate: ``web.cli_matcher``)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import asyncpg.exceptions

from matcher.trainer import TrainingReport
from models.catalogue import Catalogue, StoreSummary, load_catalogue, store_catalogue
from models.database import SchemaMismatchError, create_engine, session_factory, upgrade_schema, use_schema
from seed.demo import demo_catalogue
from seed.hsds.documents import catalogue_to_hsds
from web.access.audit import record
from web.access.cli import add_access_commands
from web.bootstrap import cold_start_note, train_if_no_model
from web.cli_import import add_import_command, offer_changes, unchanged_count
from web.cli_matcher import add_matcher_commands
from web.log_policy import configure_logging
from web.outage import database_unavailable, linked_errors
from web.settings import Settings, shown_database, unshared_key_warning

STOPPED = (
    "lotse: stopped (Ctrl-C). What it had finished stays: an import or seed stopped while training the first "
    "model has stored its catalogue (`lotse db prepare` trains the model)."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lotse``; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"lotse: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        result: int = args.run(args, settings)
    except KeyboardInterrupt:
        # Ctrl-C: one line instead of a traceback, and what stays done. An unfinished transaction is rolled back by
        # the database; what the command had committed stays (an import's catalogue, before the first model's
        # training). 130: the shell's status for a command ended by SIGINT.
        print(STOPPED, file=sys.stderr, flush=True)
        return 130
    except SchemaMismatchError as error:
        print(f"lotse: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        reason = _database_problem(error)
        if reason is None:
            raise
        # One line, not a traceback of a hundred (an operator's run-through; a database that starts after Lotse).
        print(f"lotse: {reason} ({shown_database(settings)}): {_first_line(error)}", file=sys.stderr)
        return 1
    return result


def _database_problem(error: BaseException) -> str | None:
    """What keeps a command from its database, if that is why it failed."""
    for current in linked_errors(error):  # the error, what it wraps (SQLAlchemy's orig), its causes
        if isinstance(current, asyncpg.exceptions.InvalidAuthorizationSpecificationError):
            return "the database refused the sign-in"
        if isinstance(current, asyncpg.exceptions.InvalidCatalogNameError):
            return "the database does not exist"
    return "the database cannot be reached" if database_unavailable(error) else None


def _first_line(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error.__cause__ or error
    return f"{type(cause).__name__}: {cause}".splitlines()[0][:200]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lotse", description="Offer matching for integration counselling in Laatzen.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the web service (migrates and seeds on first run)")
    serve.add_argument("--host", help="address to bind (default: LOTSE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: LOTSE_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: LOTSE_WORKERS or the number of cores)")
    serve.set_defaults(run=_serve)

    database = commands.add_parser("db", help="database schema").add_subparsers(required=True, metavar="ACTION")
    database.add_parser("upgrade", help="apply all migrations").set_defaults(run=_db_upgrade)
    database.add_parser(
        "prepare",
        help="what `lotse serve` does before its workers start: migrate, seed an empty catalogue if "
        "LOTSE_SEED_ON_START, train a cold-start model if none serves (a deployment's one-shot job)",
    ).set_defaults(run=_db_prepare)

    seed = commands.add_parser("seed", help="load the Laatzen demo catalogue (creates or updates its offers)")
    seed.add_argument("--replace", action="store_true", help="remove every offer that is not in the demo catalogue")
    seed.set_defaults(run=_seed)

    add_import_command(commands)

    add_matcher_commands(commands)
    add_access_commands(commands)

    exporter = commands.add_parser("export", help="export the catalogue as HSDS 3 JSON")
    exporter.add_argument("file", type=Path, help="output file, or - for standard output")
    exporter.set_defaults(run=_export)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from web.server import serve

    host = args.host or settings.host
    port = args.port or settings.port
    workers = settings.workers if args.workers is None else args.workers
    if workers < 1:
        print("lotse: --workers must be at least 1", file=sys.stderr)
        return 2
    if (warning := unshared_key_warning(settings)) is not None:
        print(warning, file=sys.stderr, flush=True)
    print(f"Lotse serves on http://{host}:{port} with {workers} worker(s) "
          f"(database: {shown_database(settings)})", flush=True)  # fmt: skip
    serve(settings, host, port, workers)
    return 0


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> list[str]:
        engine = create_engine(settings.database_url)
        try:
            return await upgrade_schema(engine)
        finally:
            await engine.dispose()

    applied = asyncio.run(run())
    for migration in applied:
        print(f"Applied migration {migration}")
    print(f"The database schema is up to date ({len(applied) or 'no'} migration{'' if len(applied) == 1 else 's'} "
          "applied now).")  # fmt: skip
    return 0


def _db_prepare(_args: argparse.Namespace, settings: Settings) -> int:
    from web.server import prepare

    prepare(settings)
    print("The database is prepared: schema up to date, a ranking model in service (if there are offers).")
    return 0


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    summary, unchanged, trained = asyncio.run(_store(settings, demo_catalogue(), replace=args.replace))
    print(f"Demo catalogue: {summary.created} offers created, {summary.updated - unchanged} updated, {unchanged} "
          f"unchanged, {summary.removed} removed.")  # fmt: skip
    if trained is not None:
        print(cold_start_note(trained))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> str:
        engine = create_engine(settings.database_url)
        try:
            await use_schema(engine)
            async with session_factory(engine)() as session:
                catalogue = await load_catalogue(session, with_sources=True)
        finally:
            await engine.dispose()
        return json.dumps(catalogue_to_hsds(catalogue), ensure_ascii=False, indent=2) + "\n"

    text = asyncio.run(run())
    if str(args.file) == "-":
        sys.stdout.write(text)
    else:
        # Written beside it, then renamed: an export stopped half-way (Ctrl-C, a full disk) leaves the last
        # backup of that name whole, not a truncated file in its place.
        partial = args.file.with_name(args.file.name + ".part")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, args.file)
        print(f"Exported the catalogue to {args.file}.")
    return 0


async def _store(
    settings: Settings, catalogue: Catalogue, *, replace: bool
) -> tuple[StoreSummary, int, TrainingReport | None]:
    """The demo catalogue stored: what changed, how many offers were already as it has them, a cold-start model."""
    engine = create_engine(settings.database_url)
    try:
        await use_schema(engine)
        async with session_factory(engine).begin() as session:
            unchanged = unchanged_count(await offer_changes(session, catalogue))
            summary = await store_catalogue(session, catalogue, replace=replace)
            record(session, "cli", "catalogue_imported", "demo catalogue", created=summary.created,
                   updated=summary.updated - unchanged, unchanged=unchanged, removed=summary.removed,
                   replace=replace)  # fmt: skip
        return summary, unchanged, await train_if_no_model(engine)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
