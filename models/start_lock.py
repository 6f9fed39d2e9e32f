"""One process at a time: the work that prepares a database (migrating, seeding, the cold-start model).

Two processes may find the same new database at the same moment: two replicas starting together, or
``make run`` while a counsellor runs ``lotse users add`` in a second terminal. Without a lock both create the
same tables ("table provider already exists") or both train a cold-start model. On PostgreSQL the lock is an
advisory lock; on SQLite an exclusive ``flock`` on a file beside the database file (SQLite's own locks cover
single statements, not a migration of many). An in-memory database has one process and needs none.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO
from urllib.parse import unquote

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

# PostgreSQL advisory lock keys ("Lotse" and the next number); the migration key is the one earlier versions
# took, so that a replica of this version and one of the last wait for each other.
LOCK_KEYS = {"migration": 0x4C6F747365, "preparation": 0x4C6F747366}
RETRY_SECONDS = 0.2

logger = logging.getLogger("lotse.database")


@asynccontextmanager
async def one_at_a_time(connection: AsyncConnection, name: str) -> AsyncIterator[None]:
    """Wait until no other process holds the lock ``name`` (a key of ``LOCK_KEYS``) on the database of
    ``connection``, and hold it for the block (on PostgreSQL on that connection, which stays usable).

    The wait is a short try every ``RETRY_SECONDS``, never one long blocking call: each statement stays within
    the service's answer timeout (a blocking ``pg_advisory_lock`` hit it while another process trained a model),
    and Ctrl-C ends a waiting command at once (a ``flock`` in a thread held the exit until the lock was free).
    """
    key = LOCK_KEYS[name]
    if connection.dialect.name == "postgresql":
        await _wait_for(name, lambda: _try_advisory_lock(connection, key))
        try:
            yield
        finally:
            if connection.in_transaction():
                await connection.rollback()  # what failed inside (a migration), so that the unlock can run
            with contextlib.suppress(SQLAlchemyError):  # a connection that broke took its lock with it
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                await connection.commit()
        return
    database = database_file(connection.engine.url)
    if database is None:
        yield
        return
    with Path(f"{database}.{name}-lock").open("a") as lock_file:

        async def try_flock() -> bool:
            return take_file_lock(lock_file)

        await _wait_for(name, try_flock)
        try:
            yield
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)


def take_file_lock(lock_file: IO[str]) -> bool:
    """Whether this process now holds the exclusive ``flock`` of ``lock_file`` (False at once if another does)."""
    try:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def database_file(url: URL) -> Path | None:
    """The file of a SQLite database URL, or None for an in-memory one: a path, or a URI (``file:`` with
    ``?uri=true``; a review found such a shared file treated as one process's memory, its locks skipped)."""
    database = url.database
    if not database or database == ":memory:":
        return None
    if not database.startswith("file:"):
        return Path(database)
    path = database.removeprefix("file:").split("?", 1)[0].split("#", 1)[0]
    if path.startswith("//"):  # file:///abs/l.db, file://localhost/abs/l.db
        path = "/" + path[2:].split("/", 1)[-1] if "/" in path[2:] else ""
    path = unquote(path)
    if url.query.get("mode") == "memory" or path in ("", ":memory:"):
        return None
    return Path(path)


async def _try_advisory_lock(connection: AsyncConnection, key: int) -> bool:
    taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
    await connection.commit()
    return bool(taken)


async def _wait_for(name: str, attempt: Callable[[], Awaitable[bool]]) -> None:
    if await attempt():
        return
    logger.info("another process holds the %s lock of this database; waiting for it", name)
    while not await attempt():
        await asyncio.sleep(RETRY_SECONDS)
