"""models/start_lock.py: a second holder of the same lock waits until the first lets go; other locks do not wait."""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from models.database import create_engine
from models.start_lock import database_file, one_at_a_time
from web.cli import STOPPED


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


async def test_a_waiting_holder_stays_within_a_statement_timeout(database_url: str) -> None:
    """The service's engine limits every statement (LOTSE_DB_TIMEOUT_SECONDS); a blocking pg_advisory_lock ran
    into that limit while another process prepared the database, and the service failed to start."""
    first, second = create_engine(database_url), create_engine(database_url, answer_timeout=0.5)
    try:
        async with first.connect() as holding, one_at_a_time(holding, "preparation"):
            waiter = asyncio.create_task(_take(second, "preparation"))
            await asyncio.sleep(1.2)
            assert not waiter.done()
        await asyncio.wait_for(waiter, 5)
    finally:
        await first.dispose()
        await second.dispose()


async def _take(engine: AsyncEngine, name: str) -> None:
    async with engine.connect() as connection, one_at_a_time(connection, name):
        pass


def test_a_command_waiting_on_sqlite_stops_at_ctrl_c(tmp_path: Path) -> None:
    """`lotse db prepare` waiting for another process's lock ignored Ctrl-C until the lock was free (a flock in a
    thread); it stops at once now."""
    database = tmp_path / "lotse.db"
    with Path(f"{database}.preparation-lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        env = {**os.environ, "LOTSE_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
        # Ctrl-C as a terminal sends it: with SIGINT handled by default, also when the suite itself runs as a
        # background job, which ignores SIGINT and passes that on (a fresh clone's `.ci/run &` failed here).
        lotse = str(Path(sys.executable).parent / "lotse")
        in_foreground = (
            "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
        )
        waiting = subprocess.Popen([sys.executable, "-c", in_foreground, lotse, "db", "prepare"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        assert waiting.stdout is not None
        line = waiting.stdout.readline().decode()
        assert "waiting for it" in line, line
        waiting.send_signal(signal.SIGINT)
        try:
            waiting.wait(timeout=10)
        finally:
            waiting.kill()
        assert waiting.returncode == 130
        assert waiting.stdout.read().decode().endswith(STOPPED + "\n")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:////srv/lotse/lotse.db", "/srv/lotse/lotse.db"),
        ("sqlite+aiosqlite:///var/lotse.db", "var/lotse.db"),
        ("sqlite+aiosqlite:///file:/srv/lotse/lotse.db?uri=true", "/srv/lotse/lotse.db"),
        ("sqlite+aiosqlite:///file:///srv/lotse/lotse%20neu.db?uri=true", "/srv/lotse/lotse neu.db"),
        ("sqlite+aiosqlite:///file://localhost/srv/lotse/lotse.db?uri=true", "/srv/lotse/lotse.db"),
        ("sqlite+aiosqlite:///file:lotse.db?mode=rwc&uri=true", "lotse.db"),
        ("sqlite+aiosqlite:///file:shared?mode=memory&cache=shared&uri=true", None),
        ("sqlite+aiosqlite:///file::memory:?uri=true", None),
        ("sqlite+aiosqlite:///:memory:", None),
        ("sqlite+aiosqlite://", None),
    ],
)
def test_the_file_of_a_sqlite_database(url: str, expected: str | None) -> None:
    """A ``file:`` URI names a file every worker shares: its locks were skipped as if it were one process's memory
    (a review: six guesses of twenty through with two workers)."""
    found = database_file(make_url(url))
    assert (None if found is None else str(found)) == expected
