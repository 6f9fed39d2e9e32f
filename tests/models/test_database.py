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


def test_connections_opened_before_a_silence_are_replaced_not_waited_on(own_postgres: Server) -> None:
    """After one statement went unanswered, the other pooled connections (same server) are not given another
    full timeout each: each is abandoned when it is next taken and a new one is opened instead, which fails
    within the connect timeout (1.5 s) while the server is silent and works once it answers."""

    async def scenario() -> tuple[float, str, float, list[bool], int]:
        engine = create_engine(f"{own_postgres.url}/postgres", pool_size=3, max_overflow=0, answer_timeout=3)
        try:
            held = [await engine.connect() for _ in range(3)]
            drivers = []
            for connection in held:
                await connection.execute(text("SELECT 1"))
                drivers.append((await connection.get_raw_connection()).driver_connection)
            for connection in held:
                await connection.close()  # back to the pool, open
            own_postgres.freeze()
            started = time.monotonic()
            with pytest.raises(TimeoutError) as unanswered:
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 2"))
            first = time.monotonic() - started
            started = time.monotonic()
            with pytest.raises(TimeoutError):  # connecting: no answer within the connect timeout
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 3"))
            second = time.monotonic() - started
            own_postgres.thaw()
            async with engine.connect() as connection:
                answer = (await connection.execute(text("SELECT 4"))).scalar_one()
            return first, str(unanswered.value), second, [d is not None and d.is_closed() for d in drivers], answer
        finally:
            own_postgres.thaw()
            await engine.dispose()

    first, message, second, closed, answer = asyncio.run(scenario())
    assert 2.9 < first < 3.5, first
    assert message.startswith("no answer within 3 s to SELECT 2"), message  # the log line names the statement
    assert second < 2.5, second  # the connect timeout, not another 3 s on an old connection
    assert sum(closed) >= 2, closed  # the one that waited and the one taken next: abandoned
    assert answer == 4
