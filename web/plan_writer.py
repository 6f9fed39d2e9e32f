"""Storing the API's plans: one connection per worker process, many plans per statement (group commit).

A plan request waits until its plan is stored (a partner may send feedback on it at once, to any replica),
but it need not open a connection and a transaction of its own. Each worker keeps one connection for plans;
requests hand their row to :class:`PlanWriter` and wait; the writer stores everything that arrived while
the previous write was on its way in one multi-row ``INSERT`` and one commit, then wakes the requests. With
one client that is one statement per plan on a connection already open; with many clients a round trip and
a commit carry dozens of plans. The request starts the write before it renders the plan's texts, so the
database works while the plan is rendered.

A write that fails wakes its requests with the error (a database outage: 503, web/outage.py) and the
connection is replaced for the next one; a batch that fails for another reason is written again plan by
plan, so that one bad row cannot fail the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import asyncpg.exceptions
from sqlalchemy import insert
from sqlalchemy.exc import DatabaseError, DataError, DBAPIError, DisconnectionError, IntegrityError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from models.answer_timeout import abandon, opened_before_abandonment
from models.database import IDLE_PING_SECONDS
from web.outage import database_unavailable
from web.positional_insert import PLAN_TABLE, positional_insert

logger = logging.getLogger("lotse.plans")

INSERT_PLAN = insert(PLAN_TABLE)
# SQLSTATE classes as SQLAlchemy's asyncpg dialect names them (others: DatabaseError).
_BY_SQLSTATE_CLASS: dict[str, type[DBAPIError]] = {"22": DataError, "23": IntegrityError, "42": ProgrammingError}
MAX_BATCH = 200  # rows per statement: a few hundred kilobytes at most


class PlanWriter:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.pending: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self.arrived = asyncio.Event()
        self.connection: AsyncConnection | None = None
        self.driver: Any = None  # the asyncpg connection inside ``connection`` (PostgreSQL), looked up once
        self.opened_at = 0.0  # when ``connection`` was taken (time.time()): one of before a silence is replaced
        self.used_at = 0.0  # when the connection last answered (time.monotonic)
        self.writing: list[tuple[dict[str, Any], asyncio.Future[None]]] = []  # the batch on its way
        self.task: asyncio.Task[None] | None = None
        self.closing = False
        self.statements = 0  # INSERT statements that stored plans (diagnosis and tests: rows per statement)
        self.rows = 0

    def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name="plan-writer")

    def submit(self, row: dict[str, Any]) -> asyncio.Future[None]:
        """Queue ``row`` for the next write; the future is done when it is committed (or holds the error)."""
        if self.closing:
            raise RuntimeError("the plan writer is closed")
        if self.task is None or self.task.done():
            if self.task is not None:
                logger.error("the plan writer had stopped; starting it again")
            self.start()
        stored: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append((row, stored))
        self.arrived.set()
        return stored

    async def close(self) -> None:
        """Write what is queued, then stop and give the connection back."""
        self.closing = True
        self.arrived.set()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        await self._drop_connection()

    async def _run(self) -> None:
        try:
            while True:
                await self.arrived.wait()
                self.arrived.clear()
                while self.pending:
                    self.writing, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
                    await self._write_batch(self.writing)
                    self.writing = []
                if self.closing:
                    return
        except BaseException:
            # Whatever ended the writer (a cancellation, an error outside a write): no request may wait forever.
            waiting, self.writing, self.pending = self.writing + self.pending, [], []
            for _, stored in waiting:
                if not stored.done():
                    stored.set_exception(RuntimeError("the plan writer stopped before storing the plan"))
            raise

    async def _write_batch(self, batch: list[tuple[dict[str, Any], asyncio.Future[None]]]) -> None:
        try:
            await self._write([row for row, _ in batch])
        except Exception as error:
            await self._drop_connection()
            if len(batch) > 1 and not database_unavailable(error):
                for single in batch:  # one bad row must not fail the others
                    await self._write_batch([single])
                return
            for _, stored in batch:
                if not stored.done():
                    stored.set_exception(error)
            return
        for _, stored in batch:
            if not stored.done():
                stored.set_result(None)

    async def _write(self, rows: list[dict[str, Any]]) -> None:
        if self.connection is not None and time.monotonic() - self.used_at > IDLE_PING_SECONDS:
            try:  # after a rest the server (a pooler, a firewall) may have closed it: not an outage
                await self.connection.exec_driver_sql("SELECT 1")
            except Exception:
                await self._drop_connection()
        if self.connection is not None and opened_before_abandonment(self.engine.sync_engine.pool, self.opened_at):
            if self.driver is not None:  # a statement on another connection got no answer: this one waits too
                self.driver.terminate()
            await self._drop_connection()
        if self.connection is None or self.connection.closed or self.connection.invalidated:
            self.opened_at = time.time()
            self.connection = await self.engine.connect()
            self.driver = None
        if self.engine.dialect.driver == "asyncpg":  # the raw path speaks asyncpg (another driver: SQLAlchemy)
            if self.driver is None:
                self.driver = (await self.connection.get_raw_connection()).driver_connection
            await self._write_on_postgresql(self.connection, self.driver, rows)
        else:
            await self.connection.execute(INSERT_PLAN, rows)
            await self.connection.commit()
        self.used_at = time.monotonic()
        self.statements += 1
        self.rows += len(rows)

    async def _write_on_postgresql(self, connection: AsyncConnection, driver: Any, rows: list[dict[str, Any]]) -> None:
        """The rows through asyncpg itself: one prepared INSERT, bound for every row and sent in one go with one
        Sync (atomic: all rows or none); the values converted by the columns' own SQLAlchemy types. About half
        the time of the same statement through SQLAlchemy's execution layer (docs/performance.md)."""
        statement = positional_insert(connection.dialect, tuple(rows[0]))
        try:
            await driver.executemany(statement.sql, [statement.values(row) for row in rows])
        except Exception as error:
            if isinstance(error, TimeoutError):  # no answer within LOTSE_DB_TIMEOUT_SECONDS: a frozen server
                abandon(driver, connection.engine.sync_engine.pool)  # or a partition; stored or not: 503
            if driver.is_closed():  # closed under us (the server went away): an outage, not a bug
                # SQLAlchemy never saw the error: without this the dead connection would go back to the pool
                # and fail the next request that takes it (SQLAlchemy's own path invalidates it).
                with contextlib.suppress(Exception):
                    await connection.invalidate(error)
                raise DisconnectionError("the plan writer's connection is closed") from error
            if isinstance(error, asyncpg.exceptions.PostgresError):
                # As SQLAlchemy would report it: its exception class, and the statement (never the values) in
                # the message, so that the log says what failed (tests/web/access/test_logs.py).
                kind = _BY_SQLSTATE_CLASS.get((error.sqlstate or "")[:2], DatabaseError)
                raise kind(statement.sql, None, error) from error
            raise
        # Only after the idle ping on an engine that is not in autocommit (single_statements is): it began a
        # transaction through SQLAlchemy, and without the commit the rows written in it would never be committed.
        if connection.in_transaction():
            await connection.commit()

    async def _drop_connection(self) -> None:
        connection, self.connection, self.driver = self.connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()
