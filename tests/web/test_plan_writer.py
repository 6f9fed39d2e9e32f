"""The API's plan writer (web/plan_writer.py) on real SQLite and PostgreSQL: plans that arrive together share
a statement, every plan a request waited for is stored, one bad row fails only its own request, an unreachable
database fails the requests with an error that means an outage (503), and closing writes what is queued."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models import database
from models.database import create_engine, single_statements
from tests.postgres import Server
from tests.web.plan_writers import frozen_capable_writer, plan_row, running_writer, stored_count
from web import plan_writer
from web.outage import database_unavailable
from web.plan_writer import PlanWriter


def test_plans_that_arrive_together_share_a_statement_and_all_are_stored(seeded_database_url: str) -> None:
    rows = [plan_row() for _ in range(60)]

    async def write() -> PlanWriter:
        async with running_writer(seeded_database_url) as writer:
            await asyncio.gather(*(writer.submit(row) for row in rows[:30]))  # all queued before the first write
            for row in rows[30:]:  # one at a time: one statement each
                await writer.submit(row)
        return writer

    writer = asyncio.run(write())
    assert writer.rows == 60
    assert writer.statements <= 30 + 2, writer.statements  # the 30 together took one or two statements
    assert asyncio.run(stored_count(seeded_database_url, [row["id"] for row in rows])) == 60


def test_one_bad_row_fails_only_its_own_request(seeded_database_url: str) -> None:
    first = plan_row()
    rows = [plan_row(), plan_row(first["id"]), plan_row()]  # the second repeats a stored plan's id

    async def write() -> list[BaseException | None]:
        async with running_writer(seeded_database_url) as writer:
            await writer.submit(first)
            return await asyncio.gather(*(writer.submit(row) for row in rows), return_exceptions=True)

    outcomes = asyncio.run(write())
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], IntegrityError)
    assert asyncio.run(stored_count(seeded_database_url, [first["id"], rows[0]["id"], rows[2]["id"]])) == 3


@pytest.mark.postgres
def test_an_unreachable_database_fails_the_requests_as_an_outage() -> None:
    async def write() -> list[BaseException | None]:
        nowhere = "postgresql+asyncpg://lotse@127.0.0.1:9/lotse"  # nothing listens on port 9
        async with running_writer(nowhere) as writer:
            return await asyncio.gather(*(writer.submit(plan_row()) for _ in range(3)), return_exceptions=True)

    outcomes = asyncio.run(write())
    assert all(isinstance(outcome, BaseException) and database_unavailable(outcome) for outcome in outcomes)


def test_closing_writes_what_is_queued(seeded_database_url: str) -> None:
    rows = [plan_row() for _ in range(5)]

    async def write() -> None:
        engine = create_engine(seeded_database_url)
        writer = PlanWriter(single_statements(engine))
        writer.start()
        pending = [writer.submit(row) for row in rows]
        await writer.close()
        assert all(stored.done() and stored.exception() is None for stored in pending)
        await engine.dispose()

    asyncio.run(write())
    assert asyncio.run(stored_count(seeded_database_url, [row["id"] for row in rows])) == 5


@pytest.mark.postgres
def test_connections_the_server_closed_while_idle_are_replaced(
    seeded_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """idle_session_timeout (or a pooler's, a firewall's idle limit) closes the writer's connection and pooled
    ones between plans: the next plans are stored all the same, not answered 503 as if the database were down."""
    if not seeded_database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to close a connection")
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.3)
    monkeypatch.setattr(plan_writer, "IDLE_PING_SECONDS", 0.3)

    async def write() -> list[BaseException | None]:
        engine = create_engine(seeded_database_url)
        async with engine.connect() as connection:
            name = await connection.scalar(text("SELECT current_database()"))
            await connection.execute(text(f"ALTER DATABASE \"{name}\" SET idle_session_timeout = '1s'"))
            await connection.commit()
        await engine.dispose()
        writer = PlanWriter(single_statements(engine))
        writer.start()
        try:
            await writer.submit(plan_row())
            async with engine.connect() as connection:  # a pooled connection, then a rest
                await connection.execute(text("SELECT 1"))
            await asyncio.sleep(1.5)
            async with engine.connect() as connection:
                assert await connection.scalar(text("SELECT 1")) == 1
            return await asyncio.gather(*(writer.submit(plan_row()) for _ in range(3)), return_exceptions=True)
        finally:
            await writer.close()
            await engine.dispose()

    assert asyncio.run(write()) == [None, None, None]


def test_a_writer_that_stopped_fails_its_requests_and_starts_again(seeded_database_url: str) -> None:
    async def write() -> tuple[BaseException | None, None]:
        async with running_writer(seeded_database_url) as writer:
            written = writer._write

            async def stopping(rows: list[dict[str, Any]]) -> None:
                writer._write = written  # type: ignore[method-assign]
                raise asyncio.CancelledError  # anything that escapes a write's `except Exception`

            writer._write = stopping  # type: ignore[method-assign]
            lost = await asyncio.wait_for(asyncio.gather(writer.submit(plan_row()), return_exceptions=True), 5)
            await asyncio.wait_for(writer.submit(plan_row()), 5)  # stored: the writer runs again
            return lost[0], None

    lost, stored = asyncio.run(write())
    assert isinstance(lost, RuntimeError) and stored is None


@pytest.mark.postgres
def test_a_connection_closed_under_the_writer_is_not_handed_to_the_next_request(seeded_database_url: str) -> None:
    """The PostgreSQL path writes through asyncpg itself, past SQLAlchemy: a connection the server closed under it
    must still be discarded, not given back to the pool for a request to fail on (the database is up)."""
    if not seeded_database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to close a connection")

    async def write() -> tuple[BaseException | None, int]:
        engine = create_engine(seeded_database_url, pool_size=3, max_overflow=0)
        writer = PlanWriter(single_statements(engine))
        writer.start()
        try:
            await writer.submit(plan_row())
            async with engine.connect() as first, engine.connect() as second:  # two more in the pool
                await first.execute(text("SELECT 1"))
                await second.execute(text("SELECT 1"))
            assert writer.connection is not None
            pid = (await writer.connection.get_raw_connection()).driver_connection.get_server_pid()  # type: ignore[union-attr]
            async with engine.connect() as connection:
                await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await asyncio.sleep(0.3)
            lost = (await asyncio.gather(writer.submit(plan_row()), return_exceptions=True))[0]
            failed = 0
            for _ in range(3):
                try:
                    async with engine.connect() as connection:
                        await connection.execute(text("SELECT 1"))
                except Exception:
                    failed += 1
            return lost, failed
        finally:
            await writer.close()
            await engine.dispose()

    lost, failed = asyncio.run(write())
    assert isinstance(lost, BaseException) and database_unavailable(lost)
    assert failed == 0


def test_rows_written_after_an_idle_ping_are_committed_without_autocommit(
    seeded_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ping begins a transaction where the engine is not in autocommit: the write must still be committed."""
    monkeypatch.setattr(plan_writer, "IDLE_PING_SECONDS", 0.05)
    rows = [plan_row(), plan_row()]

    async def write() -> None:
        engine = create_engine(seeded_database_url)
        writer = PlanWriter(engine)  # not single_statements
        writer.start()
        try:
            await writer.submit(rows[0])
            await asyncio.sleep(0.2)
            await writer.submit(rows[1])
        finally:
            await writer.close()
            await engine.dispose()

    asyncio.run(write())
    assert asyncio.run(stored_count(seeded_database_url, [row["id"] for row in rows])) == 2


@pytest.mark.postgres
@pytest.mark.timed
def test_a_frozen_server_fails_the_waiting_plans_in_time_and_the_writer_goes_on_after_it(own_postgres: Server) -> None:
    """The writer's statement goes past SQLAlchemy: a server that stops answering (SIGSTOP) must still fail the
    requests after the answer timeout, with an outage error (503), and the connection that waited is abandoned;
    once the server answers again the next plans are stored."""

    async def write() -> tuple[BaseException | None, float, bool, int]:
        async with frozen_capable_writer(own_postgres, answer_timeout=1) as (url, _engine, writer):
            await writer.submit(plan_row())
            assert writer.connection is not None
            driver = (await writer.connection.get_raw_connection()).driver_connection
            own_postgres.freeze()
            started = time.monotonic()
            lost = (await asyncio.gather(writer.submit(plan_row()), return_exceptions=True))[0]
            waited = time.monotonic() - started
            own_postgres.thaw()
            later = [plan_row() for _ in range(3)]
            await asyncio.wait_for(asyncio.gather(*(writer.submit(row) for row in later)), 10)
            return (
                lost,
                waited,
                driver is not None and driver.is_closed(),
                await stored_count(url, [r["id"] for r in later]),
            )

    lost, waited, abandoned, stored = asyncio.run(write())
    assert isinstance(lost, BaseException) and database_unavailable(lost), repr(lost)
    assert waited < 1.5, waited
    assert abandoned and stored == 3


@pytest.mark.postgres
@pytest.mark.timed
def test_after_a_silence_elsewhere_the_writer_does_not_wait_on_its_old_connection(own_postgres: Server) -> None:
    """A request's statement went unanswered on another connection: the writer's own connection (opened before)
    leads to the same silent server, so the next plan fails within the connect timeout, not another full answer
    timeout; once the server answers again, plans are stored."""

    async def write() -> tuple[float, BaseException | None, int]:
        async with frozen_capable_writer(own_postgres, answer_timeout=3) as (url, engine, writer):
            await writer.submit(plan_row())
            async with engine.connect() as connection:  # a pooled connection of the requests, open
                await connection.execute(text("SELECT 1"))
            own_postgres.freeze()
            with pytest.raises(TimeoutError, match="no answer within 3 s"):  # a statement timeout, not connecting
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            started = time.monotonic()
            lost = (await asyncio.gather(writer.submit(plan_row()), return_exceptions=True))[0]
            waited = time.monotonic() - started
            own_postgres.thaw()
            later = plan_row()
            await asyncio.wait_for(writer.submit(later), 10)
            return waited, lost, await stored_count(url, [later["id"]])

    waited, lost, stored = asyncio.run(write())
    assert isinstance(lost, BaseException) and database_unavailable(lost), repr(lost)
    assert waited < 2.5, waited  # the connect timeout (1.5 s), not the 3 s answer timeout on the old connection
    assert stored == 1
