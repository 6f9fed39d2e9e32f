"""One sign-in to an account at a time across every worker and replica, so that guesses cannot outrun the count.

Each process already takes its sign-ins one at a time (``SignInTurns`` in web/access/login.py), but with several
workers or replicas two of them could count an account's failures side by side, both find four, and both try a
password: a service with two workers let 6 of 20 parallel guesses through instead of 5. The count, the password
check and the record of a failure therefore run under a lock the whole deployment sees, keyed by the name typed
(account or not):

- PostgreSQL: a transaction-level advisory lock on a key derived from the name, taken as the transaction's first
  statement at READ COMMITTED (so the count after it sees the failure the previous holder committed, whatever
  isolation the database defaults to). The commit that records a failure is the moment the lock ends. A holder
  that is cut off mid-way (its replica's network gone) is ended by PostgreSQL after
  ``IDLE_IN_TRANSACTION_SECONDS``, and its lock with it.
- SQLite (one machine): an exclusive ``flock`` on a file beside the database, for all sign-ins together.

The wait is a short try every ``RETRY_SECONDS`` and ends after ``WAIT_SECONDS``: the sign-in is then answered
"many sign-ins at once", like a full line in one process. A legitimate holder keeps the lock for one Argon2 check
(~0.1 s), and each process sends one sign-in at a time, so the wait is short unless someone floods one name; the
waiting sign-in holds its process's line meanwhile, so the bound is kept short too.
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

from models.start_lock import database_file, take_file_lock

RETRY_SECONDS = 0.02
WAIT_SECONDS = 1.0
IDLE_IN_TRANSACTION_SECONDS = 10


def lock_key(name: str) -> int:
    """The PostgreSQL advisory lock key of sign-ins to ``name`` (a signed 64-bit number)."""
    return int.from_bytes(hashlib.sha256(f"lotse-sign-in:{name}".encode()).digest()[:8], "big", signed=True)


@asynccontextmanager
async def sign_in_lock(session: AsyncSession, name: str) -> AsyncIterator[bool]:
    """True once this process holds the lock for sign-ins to ``name``; False if it was not free in time.

    Call it before ``session`` has read anything. On PostgreSQL the lock belongs to ``session``'s transaction: it
    ends with its commit or rollback (so commit the failure's record before leaving, as the sign-in does). On
    SQLite it ends with the block.
    """
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        options = {} if session.in_transaction() else {"isolation_level": "READ COMMITTED"}
        await session.connection(execution_options=options)
        await session.execute(text(f"SET LOCAL idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION_SECONDS}s'"))
        statement, key = text("SELECT pg_try_advisory_xact_lock(:key)"), lock_key(name)
        deadline = time.monotonic() + WAIT_SECONDS
        while not await session.scalar(statement, {"key": key}):
            if time.monotonic() > deadline:
                yield False
                return
            await asyncio.sleep(RETRY_SECONDS)
        yield True
        return
    database = database_file((await session.connection()).engine.url)
    if database is None:  # in memory: one process
        yield True
        return
    with Path(f"{database}.sign-in-lock").open("a") as lock_file:
        deadline = time.monotonic() + WAIT_SECONDS
        while not take_file_lock(lock_file):
            if time.monotonic() > deadline:
                yield False
                return
            await asyncio.sleep(RETRY_SECONDS)
        try:
            yield True
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
