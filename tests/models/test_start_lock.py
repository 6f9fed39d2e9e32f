"""models/start_lock.py: a second holder of the same lock waits until the first lets go; other locks do not wait."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from models.database import create_engine
from models.start_lock import one_at_a_time


async def test_a_second_holder_waits_for_the_first(database_url: str) -> None:
    # Two engines: on SQLite two files opened apart (as two processes would), on PostgreSQL two sessions.
    first, second = create_engine(database_url), create_engine(database_url)
    events: list[str] = []

    async def hold(engine: AsyncEngine, name: str, label: str, seconds: float) -> None:
        async with engine.connect() as connection, one_at_a_time(connection, name):
            events.append(f"{label} in")
            await asyncio.sleep(seconds)
            events.append(f"{label} out")

    try:
        holder = asyncio.create_task(hold(first, "preparation", "first", 0.5))
        await asyncio.sleep(0.2)
        await hold(second, "preparation", "second", 0)
        await holder
        assert events == ["first in", "first out", "second in", "second out"]

        events.clear()
        holder = asyncio.create_task(hold(first, "preparation", "first", 0.5))
        await asyncio.sleep(0.2)
        await hold(second, "migration", "other lock", 0)  # does not wait for "preparation"
        await holder
        assert events == ["first in", "other lock in", "other lock out", "first out"]
    finally:
        await first.dispose()
        await second.dispose()
