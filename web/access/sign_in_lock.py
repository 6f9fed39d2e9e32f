"""One sign-in to an account at a time across every worker and replica, so that guesses cannot outrun the count.

Each process already takes its sign-ins one at a time (``SignInTurns`` in web/access/login.py), but with several
workers or replicas two of them could count an account's failures side by side, both find four, and both try a
password: a service with two workers let 6 to 9 of 20 parallel guesses through instead of 5. The count, the
password check and the record of a failure therefore run under a lock the whole deployment sees:

- PostgreSQL: a transaction-level advisory lock on a key derived from the account name (or its digest); other
  accounts are not held up, and the commit that records a failure is the moment the lock ends, so the next
  sign-in counts it.
- SQLite (one machine): an exclusive ``flock`` on a file beside the database, for all sign-ins together.

The wait is a short try every ``RETRY_SECONDS`` (each statement stays within the answer timeout) and ends after
``WAIT_SECONDS``: the sign-in is then answered "many sign-ins at once", like a full line in one process.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

RETRY_SECONDS = 0.02
WAIT_SECONDS = 5.0


@asynccontextmanager
async def sign_in_lock(session: AsyncSession, target: str) -> AsyncIterator[bool]:
    """True once this process holds the lock for ``target``'s sign-ins; False if it was not free in time.

    On PostgreSQL the lock belongs to ``session``'s transaction: it ends with its commit or rollback (so commit
    the failure's record before leaving, as the sign-in does). On SQLite it ends with the block.
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"lotse-sign-in:{target}".encode()).digest()[:8], "big", signed=True)
        statement = text("SELECT pg_try_advisory_xact_lock(:key)")
        deadline = time.monotonic() + WAIT_SECONDS
        while not await session.scalar(statement, {"key": key}):
            if time.monotonic() > deadline:
                yield False
                return
            await asyncio.sleep(RETRY_SECONDS)
        yield True
        return
    database = connection.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):  # one process
        yield True
        return
    with Path(f"{database}.sign-in-lock").open("a") as lock_file:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                await asyncio.sleep(RETRY_SECONDS)
        try:
            yield True
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
