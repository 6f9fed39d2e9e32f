"""When PostgreSQL stops answering on connections already open (a frozen server or machine, a network that drops
packets): the service's statements give up after ``LOTSE_DB_TIMEOUT_SECONDS`` and the request answers 503.

asyncpg's ``command_timeout`` ends the wait (every statement, BEGIN and COMMIT included). Then the connection is
*abandoned*: closed at once, without the polite goodbye or asyncpg's cancel request, which would wait for the
same silent server, and never pooled again. Every other connection of the engine that was opened before that
moment leads to the same server, so each is abandoned too when it is next taken from the pool, and a new one is
opened instead (which fails within the connect timeout while the server is still silent, and works once it
answers). The plan writer, which holds a connection of its own, does the same (web/plan_writer.py). The server
notices an abandoned connection when it next writes to it; ``client_connection_check_interval`` (PostgreSQL 14
and newer; set in compose.yaml) makes it end such statements sooner (docs/operations.md)."""

from __future__ import annotations

import time
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import Pool

# When a statement on a pool's connections last went unanswered (time.time(), as the pool's own record times).
_ABANDONED_AT: weakref.WeakKeyDictionary[Pool, float] = weakref.WeakKeyDictionary()


def watch(engine: AsyncEngine, seconds: float) -> None:
    """Make ``engine`` (its asyncpg connections carry ``command_timeout=seconds``) abandon connections whose
    statement went unanswered, and the connections opened before that."""
    pool = engine.sync_engine.pool

    def unanswered(context: ExceptionContext) -> Exception | None:
        connection = context.connection
        if not isinstance(context.original_exception, TimeoutError) or connection is None:
            return None  # (connecting that times out is not reported here: it is no DBAPI error)
        if not (connection.invalidated or connection.closed):  # else reading .connection would reconnect
            driver = connection.connection.driver_connection
            if driver is not None:
                abandon(driver, pool)
        context.is_disconnect = True  # invalidated, not rolled back and pooled again
        first_line = (context.statement or "").strip().split("\n", 1)[0][:120]  # the statement, never its values
        return TimeoutError(f"no answer within {seconds:g} s to {first_line}")

    def opened_before_silence(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        if opened_before_abandonment(pool, record.starttime):
            dbapi_connection._connection.terminate()  # SQLAlchemy's adapter around the asyncpg connection
            raise DisconnectionError("opened before the database stopped answering")  # the pool connects anew

    event.listen(engine.sync_engine, "handle_error", unanswered)
    event.listen(engine.sync_engine, "checkout", opened_before_silence)


def abandon(driver_connection: Any, pool: Pool) -> None:
    """Close an asyncpg connection whose statement got no answer at once (its pending cancel request is dropped),
    and mark every connection of ``pool`` opened before now to be abandoned when it is next used."""
    driver_connection.terminate()
    _ABANDONED_AT[pool] = time.time()


def opened_before_abandonment(pool: Pool, opened_at: float) -> bool:
    """Whether a connection of ``pool`` opened at ``opened_at`` (time.time()) predates its last abandonment."""
    abandoned_at = _ABANDONED_AT.get(pool)
    return abandoned_at is not None and opened_at < abandoned_at
