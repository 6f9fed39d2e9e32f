"""When the database cannot be reached: which errors mean that, and one log line per outage and per recovery.

A stopped or unreachable PostgreSQL shows up in many shapes: asyncpg's ``ConnectionRefusedError`` (an
``OSError``) while connecting, ``asyncpg.exceptions`` connection errors, SQLAlchemy's ``DBAPIError`` with an
invalidated connection, ``OperationalError``/``InterfaceError``, a connect ``TimeoutError`` or the pool's
``TimeoutError``. Requests that meet one answer 503 (web/problems.py); the process logs a warning when the
outage begins and an info line when the database answers again, not a line per request.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterator

import asyncpg.exceptions
from sqlalchemy import exc as sa

logger = logging.getLogger("lotse.database")

RETRY_AFTER_SECONDS = 5
_DRIVER_MODULES = ("asyncpg", "sqlalchemy", "aiosqlite")
_CONNECTION_ERRORS = (
    asyncpg.exceptions.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.exceptions.CannotConnectNowError,  # the server is starting or shutting down
    asyncpg.exceptions.OperatorInterventionError,  # terminated by a shutdown (57P01, 57P02)
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections (53xxx)
    asyncpg.exceptions.ConnectionDoesNotExistError,
    sa.DisconnectionError,
    sa.TimeoutError,  # no pooled connection within the pool timeout
)


def linked_errors(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it wraps or was raised while handling."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "orig", None)]
        pending.extend(e for e in linked if isinstance(e, BaseException))


def _raised_by_driver(error: BaseException) -> bool:
    frames = traceback.walk_tb(error.__traceback__)
    return any(str(frame.f_globals.get("__name__", "")).startswith(_DRIVER_MODULES) for frame, _ in frames)


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means that the database cannot be reached (rather than a bug or a bad request)."""
    for current in linked_errors(error):
        if isinstance(current, _CONNECTION_ERRORS):
            return True
        if isinstance(current, sa.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, sa.OperationalError | sa.InterfaceError) and not _is_sqlite(current):
            return True
        if isinstance(current, OSError | TimeoutError) and _raised_by_driver(current):
            return True
    return False


def _is_sqlite(error: sa.DBAPIError) -> bool:
    """SQLite's own errors (a locked file, a missing table) are not an unreachable server."""
    return type(error.orig).__module__.startswith("sqlite3")


class DatabaseStatus:
    """Whether this process last found the database reachable; logs only the changes."""

    def __init__(self) -> None:
        self.down_since: float | None = None

    def failed(self, error: BaseException) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
            logger.warning("the database cannot be reached (%s); answering 503 until it is back", reason)

    def answered(self) -> None:
        if self.down_since is not None:
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            logger.info("the database answers again after %.1f s", seconds)


DATABASE = DatabaseStatus()
