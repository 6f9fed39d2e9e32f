"""web/access/sign_in_lock.py: the lock that makes sign-ins to one account wait for each other across processes
(held here by a second connection or process, as another worker would hold it)."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import shutil
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from models.access import AuditEvent
from models.database import create_engine, session_factory
from models.start_lock import database_file
from tests.conftest import COUNSELLOR, STAFF_PASSWORD, add_staff
from web.access.login import MAX_FAILURES_PER_NAME
from web.access.sign_in_lock import lock_key
from web.app import create_app
from web.settings import Settings


@contextlib.asynccontextmanager
async def _held_elsewhere(url: str, name: str) -> AsyncIterator[Any]:
    """The lock for ``name`` held as another worker holds it while it checks a passphrase; yields a connection of
    that holder (PostgreSQL) or None (SQLite)."""
    if url.startswith("sqlite"):
        with Path(f"{database_file(make_url(url))}.sign-in-lock").open("a") as lock_file:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
            yield None
        return
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})
            yield connection
    finally:
        await engine.dispose()


async def _sign_in(app: Any, password: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver.local") as client:
        await client.get("/login")
        form = {"username": COUNSELLOR, "password": password, "_csrf_token": client.cookies["csrftoken"]}
        return await client.post("/login", data=form)


def test_a_sign_in_that_cannot_get_the_lock_in_time_is_told_to_retry(settings: Settings) -> None:
    """Another process holds the account's lock (a flood of guesses to that name, or a holder cut off mid-way):
    503 with Retry-After after about a second, not a worker's line held for long."""

    async def run() -> tuple[httpx.Response, float]:
        app = create_app(settings)
        async with app.lifespan(), _held_elsewhere(settings.database_url, COUNSELLOR):
            begin = time.monotonic()
            answer = await _sign_in(app, STAFF_PASSWORD)
            return answer, time.monotonic() - begin

    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    answer, seconds = asyncio.run(run())
    assert answer.status_code == 503 and answer.headers["retry-after"] == "2"
    assert "Gerade melden sich sehr viele gleichzeitig an." in answer.text
    assert 0.9 < seconds < 3


def test_the_count_sees_the_failures_the_holder_committed(settings: Settings) -> None:
    """The failures a holder records and commits before it lets go are counted by the sign-in that waited for it,
    even where the database's default isolation is REPEATABLE READ (the sign-in read the account before it took
    the lock, and with that snapshot it missed the holder's failure: six tries of twenty)."""
    isolation = "ALTER DATABASE {} SET default_transaction_isolation = 'repeatable read'"

    async def run() -> int:
        if not settings.database_url.startswith("sqlite"):
            engine = create_engine(settings.database_url)
            async with engine.connect() as connection:
                await connection.execute(text(isolation.format(make_url(settings.database_url).database)))
                await connection.commit()
            await engine.dispose()
        app = create_app(settings)
        async with app.lifespan():
            async with _held_elsewhere(settings.database_url, COUNSELLOR) as holder:
                waiting = asyncio.create_task(_sign_in(app, STAFF_PASSWORD))
                await asyncio.sleep(0.3)  # the sign-in has begun and waits for the lock
                failures = [AuditEvent(at=datetime.now(UTC), actor="anonymous", action="sign_in_failed",
                                       target=COUNSELLOR, detail={"client": f"elsewhere-{i}"})
                            for i in range(MAX_FAILURES_PER_NAME)]  # fmt: skip
                if holder is None:
                    engine = create_engine(settings.database_url)
                    async with session_factory(engine).begin() as session:
                        session.add_all(failures)
                    await engine.dispose()
                else:
                    for event in failures:
                        await holder.execute(insert(AuditEvent).values(
                            at=event.at, actor=event.actor, action=event.action, target=event.target,
                            detail=event.detail))  # fmt: skip
            return (await waiting).status_code

    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    assert asyncio.run(run()) == 429  # fifty failures from anywhere: the name is blocked (the right passphrase too)


def test_a_sqlite_file_named_as_a_uri_is_locked_too(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sqlite+aiosqlite:///file:/…/lotse.db?uri=true`` is one file for every worker: its sign-ins were not
    locked at all (taken for an in-memory database)."""
    monkeypatch.chdir(tmp_path)  # where a stray folder "file:" was made
    shutil.copy(sqlite_template, tmp_path / "lotse.db")
    url = f"sqlite+aiosqlite:///file:{tmp_path / 'lotse.db'}?uri=true"
    settings = Settings(database_url=url, data_dir=tmp_path, rate_limit_per_minute=100_000, first_purge_seconds=3600)

    async def run() -> int:
        app = create_app(settings)
        async with app.lifespan(), _held_elsewhere(url, COUNSELLOR):
            return (await _sign_in(app, STAFF_PASSWORD)).status_code

    asyncio.run(add_staff(url, COUNSELLOR, "counsellor"))
    assert asyncio.run(run()) == 503
    assert (tmp_path / "lotse.db.sign-in-lock").exists() and not (tmp_path / "file:").exists()
