"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import models.tables  # noqa: F401
from models.base import Base
from models.database import create_engine, upgrade_schema


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


async def test_upgrade_twice_changes_nothing(engine: AsyncEngine) -> None:
    await upgrade_schema(engine)
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert {"offer", "offer_text", "offer_language", "offer_schedule", "provider", "alembic_version"} <= tables


async def test_an_upgrade_names_the_migrations_it_applied(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert (await upgrade_schema(engine, "0010"))[-2:] == [
            "0009: the consultation a plan belongs to (the plans of one sitting on the counselling screen)",
            "0010: imported HSDS directories",
        ]
        assert await upgrade_schema(engine) == [
            "0011: compact plans",
            "0012: lookup indexes",
            "0013: provider link generation",
            "0014: referral link generation",
        ]
        assert await upgrade_schema(engine) == []
    finally:
        await engine.dispose()


async def test_an_upgrade_that_stops_half_way_leaves_nothing_behind(database_url: str) -> None:
    """A first start interrupted during the migrations (Ctrl-C, a kill, a failing step) left the tables made so far on SQLite,
    without a revision: every later start failed with "table provider already exists". The upgrade is one
    transaction: stopped at the fifth table, the database is as empty as before, and the next upgrade works."""
    engine = create_engine(database_url)
    created: list[str] = []

    def stop_at_the_fifth_table(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            created.append(statement)
            if len(created) == 5:
                raise RuntimeError("stopped")

    try:
        event.listen(engine.sync_engine, "before_cursor_execute", stop_at_the_fifth_table)
        with pytest.raises(RuntimeError, match="stopped"):
            await upgrade_schema(engine)
        event.remove(engine.sync_engine, "before_cursor_execute", stop_at_the_fifth_table)
        async with engine.connect() as connection:
            assert await connection.run_sync(lambda sync: inspect(sync).get_table_names()) == []
        assert (await upgrade_schema(engine))[-1] == "0014: referral link generation"
    finally:
        await engine.dispose()


async def test_a_sqlite_upgrade_waits_for_a_running_services_write(tmp_path: Path) -> None:
    """A pending migration run while the old service still writes (an upgrade: docs/operations.md): a deferred
    BEGIN read the revision, then failed at once with "database is locked" when the service had written in
    between. The upgrade takes the write lock first; the service's write waits for it, and both succeed."""
    database = tmp_path / "lotse.db"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    written: list[str] = []

    def service_write() -> None:
        with contextlib.closing(sqlite3.connect(database, timeout=30)) as service:
            service.execute("INSERT INTO provider (id, name, kind) VALUES ('p-1', 'Stadt Laatzen', 'municipality')")
            service.commit()
        written.append("p-1")

    def write_before_the_first_change(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith(("CREATE", "ALTER")) and not writer:
            writer.append(threading.Thread(target=service_write))
            writer[0].start()
            writer[0].join(timeout=1)  # it commits at once unless the upgrade holds the write lock

    writer: list[threading.Thread] = []
    try:
        await upgrade_schema(engine, "0003")
        event.listen(engine.sync_engine, "before_cursor_execute", write_before_the_first_change)
        assert (await upgrade_schema(engine))[-1] == "0014: referral link generation"
        writer[0].join(timeout=30)
        assert written == ["p-1"]
    finally:
        await engine.dispose()


async def test_only_a_new_database_is_migrated_when_only_new_ones_may_be(database_url: str) -> None:
    """The commands that do not migrate (``use_schema``) give only an empty database its schema, and decide that
    under the migration lock: a database another process gave an older schema meanwhile stays at its revision."""
    engine = create_engine(database_url)
    try:
        await upgrade_schema(engine, "0010")
        assert await upgrade_schema(engine, only_if_new=True) == []
        async with engine.connect() as connection:
            revision = await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
        assert revision == "0010"
    finally:
        await engine.dispose()
