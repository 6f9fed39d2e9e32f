"""One process at a time: the work that prepares a database (migrating, seeding, the cold-start model).

Two processes may find the same new database at the same moment: two replicas starting together, or
``make run`` while a counsellor runs ``lotse users add`` in a second terminal. Without a lock both create the
same tables ("table provider already exists") or both train a cold-start model. On PostgreSQL the lock is an
advisory lock; on SQLite an exclusive ``flock`` on a file beside the database
file (SQLite's own locks cover single statements, not a migration of many). An in-memory database has one
process and needs none.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

# PostgreSQL advisory lock keys ("Lotse" and the next number); the migration key is the one earlier versions
# took, so that a replica of this version and one of the last wait for each other.
LOCK_KEYS = {"migration": 0x4C6F747365, "preparation": 0x4C6F747366}


@asynccontextmanager
async def one_at_a_time(connection: AsyncConnection, name: str) -> AsyncIterator[None]:
    """Wait until no other process holds the lock ``name`` (a key of ``LOCK_KEYS``) on the database of
    ``connection``, and hold it for the block (on PostgreSQL on that connection, which stays usable)."""
    key = LOCK_KEYS[name]
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        await connection.commit()
        try:
            yield
        finally:
            if connection.in_transaction():
                await connection.rollback()  # what failed inside (a migration), so that the unlock can run
            with contextlib.suppress(SQLAlchemyError):  # a connection that broke took its lock with it
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                await connection.commit()
        return
    database = connection.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    with Path(f"{database}.{name}-lock").open("a") as lock_file:
        await asyncio.to_thread(fcntl.flock, lock_file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
