"""The engine's answer timeout on a real PostgreSQL that stops answering (SIGSTOP): the service's engine gives up
after ``answer_timeout`` and abandons the connection; the command-line tools' engine waits as long as it takes."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text

from models.database import create_engine
from tests.postgres import Server

pytestmark = [pytest.mark.postgres, pytest.mark.timed]


def test_a_statement_without_an_answer_fails_in_time_and_its_connection_is_abandoned(own_postgres: Server) -> None:
    async def scenario() -> tuple[float, bool, bool, int]:
        engine = create_engine(f"{own_postgres.url}/postgres", answer_timeout=1)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
                driver = (await connection.get_raw_connection()).driver_connection
                assert driver is not None
                own_postgres.freeze()
                started = time.monotonic()
                with pytest.raises(TimeoutError):
                    await connection.execute(text("SELECT 2"))
                waited = time.monotonic() - started
                invalidated, closed = connection.invalidated, driver.is_closed()
                own_postgres.thaw()
            async with engine.connect() as connection:  # a new connection, at once
                answer = (await connection.execute(text("SELECT 3"))).scalar_one()
            return waited, invalidated, closed, answer
        finally:
            own_postgres.thaw()
            await engine.dispose()

    waited, invalidated, closed, answer = asyncio.run(scenario())
    assert 0.9 < waited < 1.5, waited
    assert invalidated and closed  # never rolled back, pooled or used again
    assert answer == 3


def test_the_command_line_engine_waits_for_a_slow_answer(own_postgres: Server) -> None:
    async def scenario() -> tuple[bool, int]:
        engine = create_engine(f"{own_postgres.url}/postgres")  # as `lotse train` makes it: no answer timeout
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
                own_postgres.freeze()
                statement = asyncio.ensure_future(connection.execute(text("SELECT 2")))
                await asyncio.sleep(2)
                still_waiting = not statement.done()
                own_postgres.thaw()
                return still_waiting, (await statement).scalar_one()
        finally:
            own_postgres.thaw()
            await engine.dispose()

    still_waiting, answer = asyncio.run(scenario())
    assert still_waiting and answer == 2
