"""Retention: ``lotse purge`` deletes plans without outcomes and reduces those with outcomes to what training
needs; once, audited, and training still reads what is kept."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select, update

from matcher.outcome_records import load_outcomes
from models.access import AuditEvent
from models.database import create_engine, session_factory
from models.feedback import Feedback
from models.plan import Plan
from tests.web.access.test_cli import lotse
from web.access.retention import purge, purge_every_day, purge_is_due
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "shared_accommodation",
           "age": 38, "months_in_germany": 14, "plan_language": "ar"}  # fmt: skip


async def _run(url: str, work):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            result = await work(session)
            await session.commit()
            return result
    finally:
        await engine.dispose()


def test_purge_deletes_reduces_and_keeps_what_training_needs(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    url = settings.database_url
    old_bare, old_with_outcome, recent = (client.post("/api/v1/plans", json=PROFILE).json() for _ in range(3))
    offer = old_with_outcome["recommendations"][0]["offer"]["id"]
    path = f"/api/v1/plans/{old_with_outcome['plan_id']}/feedback"
    assert client.post(path, json={"offer_id": offer, "outcome": "accepted"}).status_code == 201
    long_ago = datetime.now(UTC) - timedelta(days=settings.retention_days + 10)
    old_ids = [old_bare["plan_id"], old_with_outcome["plan_id"]]

    async def backdate(session):  # type: ignore[no-untyped-def]
        await session.execute(update(Plan).where(Plan.id.in_(old_ids)).values(created_at=long_ago))
        await session.execute(update(AuditEvent).where(AuditEvent.action == "key_created").values(at=long_ago))

    asyncio.run(_run(url, backdate))
    dry = lotse(url, tmp_path, "purge", "--dry-run")
    assert dry.returncode == 0 and "Would delete 1 plans without outcomes and reduce 1" in dry.stdout
    run = lotse(url, tmp_path, "purge")
    assert run.returncode == 0, run.stderr
    assert "Deleted 1 plans without outcomes and reduced 1 plans" in run.stdout

    async def look(session):  # type: ignore[no-untyped-def]
        plans = {p.id: p for p in await session.scalars(select(Plan))}
        outcomes = await session.scalar(select(func.count(Feedback.id)))
        purges = await session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "purged", AuditEvent.actor == "cli")
        )
        created = await session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "key_created"))
        return plans, outcomes, purges, created, await load_outcomes(session)

    plans, outcomes, purges, created, training = asyncio.run(_run(url, look))
    assert old_bare["plan_id"] not in plans
    reduced = plans[old_with_outcome["plan_id"]]
    assert reduced.record is None and reduced.owner is None and reduced.reduced_at is not None
    assert reduced.profile["age"] == 35 and reduced.profile["months_in_germany"] == 24
    assert "plan_language" not in reduced.profile
    assert plans[recent["plan_id"]].record and plans[recent["plan_id"]].profile["age"] == 38
    assert outcomes == 1 and [r.offer_id for r in training] == [offer]
    assert (purges, created) == (1, 0)
    assert client.get(f"/api/v1/plans/{old_bare['plan_id']}").status_code == 404

    again = lotse(url, tmp_path, "purge")
    assert "Deleted 0 plans without outcomes and reduced 0 plans" in again.stdout


def test_the_service_purges_once_a_day_whatever_the_number_of_workers(seeded_database_url: str) -> None:
    """Every worker of every replica runs the daily purge loop; only the first of the day purges."""
    url = seeded_database_url

    async def three_workers_at_once() -> list[bool]:
        engine = create_engine(url)
        try:
            sessions = session_factory(engine)

            async def worker() -> bool:
                async with sessions() as session:
                    now = datetime.now(UTC)
                    mine = await purge_is_due(session, now)
                    if mine:
                        await purge(session, timedelta(days=365), timedelta(minutes=30), now, "service")
                    await session.commit()
                    return mine

            first = await worker()
            return [first, *await asyncio.gather(worker(), worker())]
        finally:
            await engine.dispose()

    assert asyncio.run(three_workers_at_once()) == [True, False, False]
    purges = asyncio.run(_run(url, lambda s: s.scalar(select(func.count()).where(AuditEvent.action == "purged"))))
    assert purges == 1


def _purge_against_a_stopped_server(
    caplog: pytest.LogCaptureFixture, failures: int, **timing: float
) -> list[logging.LogRecord]:
    """The service's purge loop against a port nobody listens on (PostgreSQL refuses, as when it is stopped),
    until ``failures`` failures are logged (or five seconds): the failure records."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def failed() -> list[logging.LogRecord]:
        return [r for r in caplog.records if "retention purge failed" in r.getMessage()]

    async def rounds() -> None:
        engine = create_engine(f"postgresql+asyncpg://lotse@127.0.0.1:{port}/lotse")
        try:
            daily = asyncio.create_task(purge_every_day(session_factory(engine), timedelta(days=365),
                                                        timedelta(minutes=30), first_after=0, **timing))  # fmt: skip
            for _ in range(100):
                await asyncio.sleep(0.05)
                if len(failed()) >= failures:
                    break
            daily.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await daily
        finally:
            await engine.dispose()

    with caplog.at_level(logging.WARNING, logger="lotse.retention"):
        asyncio.run(rounds())
    return failed()


def test_a_purge_during_an_outage_is_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    """The service's daily purge meets an unreachable database: one warning that names the cause, no traceback
    (the outage itself is logged once elsewhere); the loop goes on."""
    failed = _purge_against_a_stopped_server(caplog, 1)
    assert len(failed) == 1 and failed[0].levelno == logging.WARNING, [r.getMessage() for r in caplog.records]
    assert failed[0].exc_info is None and "ConnectionRefusedError" in failed[0].getMessage()


def test_a_failed_purge_is_tried_again_soon(caplog: pytest.LogCaptureFixture) -> None:
    """A purge that met a short outage waited a whole day (that day's purge was lost); now it is tried again
    after ``retry_after`` (a quarter of an hour in service; a tenth of a second here)."""
    failed = [r.getMessage() for r in _purge_against_a_stopped_server(caplog, 3, retry_after=0.1)]
    assert len(failed) >= 3 and "tried again in" in failed[0]
