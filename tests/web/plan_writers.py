"""Writers and rows for the plan writer's tests (tests/web/test_plan_writer.py): a started writer on its own
engine, one on a server the test may freeze, a plan row, and how many of some plans are stored."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from models import database
from models.database import create_engine, single_statements
from models.plan import Plan
from tests.postgres import Server
from web.plan_writer import PlanWriter


def plan_row(plan_id: str | None = None) -> dict[str, Any]:
    return {"id": plan_id or str(uuid.uuid4()), "created_at": datetime.now(UTC), "model_version": 1,
            "language": "de", "channel": "api", "profile": {"german_level": "A1"}, "record": b"\x00" * 64,
            "hidden": [], "owner": "key:1", "consultation": None}  # fmt: skip


async def stored_count(url: str, ids: list[str]) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).where(Plan.id.in_(ids))) or 0)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def running_writer(url: str) -> AsyncIterator[PlanWriter]:
    """A started writer on its own engine; closed (what is queued written) and the engine disposed after."""
    engine = create_engine(url)
    writer = PlanWriter(single_statements(engine))
    writer.start()
    try:
        yield writer
    finally:
        await writer.close()
        await engine.dispose()


@contextlib.asynccontextmanager
async def frozen_capable_writer(
    server: Server, answer_timeout: float
) -> AsyncIterator[tuple[str, AsyncEngine, PlanWriter]]:
    """A started writer on a migrated database of ``server`` (a test's own, which it may freeze), its engine with
    ``answer_timeout``; the server thawed, the writer closed and the engine disposed after."""
    url = f"{server.url}/postgres"
    setup = create_engine(url)
    await database.upgrade_schema(setup)
    await setup.dispose()
    engine = create_engine(url, answer_timeout=answer_timeout)
    writer = PlanWriter(single_statements(engine))
    writer.start()
    try:
        yield url, engine, writer
    finally:
        server.thaw()
        await writer.close()
        await engine.dispose()
