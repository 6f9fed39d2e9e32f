"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

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
