"""The one database engine and session factory, and schema upgrades through Alembic."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

import migrations
from models.answer_timeout import abandon, watch
from models.start_lock import database_file, one_at_a_time

MIGRATIONS_DIR = Path(migrations.__file__).parent
logger = logging.getLogger("lotse.database")
# A stopped or unreachable PostgreSQL must turn into a 503 within 2 s, not a hanging request: connecting
# gives up after CONNECT_TIMEOUT_SECONDS, waiting for a pooled connection after POOL_TIMEOUT_SECONDS.
CONNECT_TIMEOUT_SECONDS = 1.5
POOL_TIMEOUT_SECONDS = 1.5
# A connection that lay unused this long is pinged when it is taken again: the server, a pooler or a firewall may
# have closed it meanwhile (idle_session_timeout, idle limits). Busy connections are never pinged.
IDLE_PING_SECONDS = 30.0


def create_engine(
    database_url: str, *, pool_size: int = 5, max_overflow: int = 5, answer_timeout: float | None = None
) -> AsyncEngine:
    """An async engine for ``database_url``; SQLite gets its folder created and foreign keys enforced.

    On PostgreSQL each engine (one per worker process) keeps up to ``pool_size`` connections open and
    opens up to ``max_overflow`` more under load (LOTSE_DB_POOL_SIZE, LOTSE_DB_MAX_OVERFLOW). With
    ``answer_timeout`` (the service's engine: LOTSE_DB_TIMEOUT_SECONDS) a statement that gets no answer within
    that many seconds fails with ``TimeoutError`` and its connection, and every one opened before, is abandoned
    (models/answer_timeout.py): a frozen server or a network that drops packets turns into a 503, not a hanging
    request. The command-line tools' engines wait as long as a statement takes (training reads everything)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if (file := database_file(url)) is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(
        url,
        # No ping before each use (a round trip per request): a connection that died in an outage fails once,
        # SQLAlchemy then discards every pooled connection, and the next requests connect afresh (web/outage.py).
        # Only a connection idle for IDLE_PING_SECONDS is pinged (ping_if_idle, below).
        pool_timeout=POOL_TIMEOUT_SECONDS,
        # command_timeout: asyncpg's limit for every statement on the connection (BEGIN and COMMIT included).
        connect_args={"timeout": CONNECT_TIMEOUT_SECONDS, "command_timeout": answer_timeout},
        hide_parameters=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
    )
    if answer_timeout is not None:
        watch(engine, answer_timeout)  # first: a connection of before a silence is not pinged, it is replaced
    event.listen(engine.sync_engine, "checkin", _note_idle)
    pool = engine.sync_engine.pool

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        """A connection back from a long rest is pinged; a dead one is replaced (the pool retries the checkout)."""
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            if isinstance(error, TimeoutError):  # no answer: abandoned (a polite close would wait as long)
                abandon(dbapi_connection._connection, pool)  # SQLAlchemy's adapter around the asyncpg connection
            raise DisconnectionError("the idle connection was closed") from error

    event.listen(engine.sync_engine, "checkout", ping_if_idle)
    return engine


def _note_idle(_dbapi_connection: object, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def single_statements(engine: AsyncEngine) -> AsyncEngine:
    """``engine`` for writes of one statement each (sharing its pool): on PostgreSQL in autocommit, so that
    one INSERT is one round trip instead of BEGIN, INSERT and COMMIT; SQLite commits as it always does (its
    autocommit switch would cost a hand-off to the driver's thread on every checkout)."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade_schema(
    engine: AsyncEngine, revision: str = "head", *, newer_ok: bool = False, only_if_new: bool = False
) -> list[str]:
    """Bring the database to ``revision``; the migrations applied, oldest first ("0012: lookup indexes").

    A schema a newer release migrated is refused (``SchemaMismatchError``), or with ``newer_ok`` (start-up: an
    older release rolled back to, or restarted during a rolling upgrade) used as it is, with a warning.
    Processes that start together migrate one after another (models/start_lock.py). ``only_if_new``: only a
    database without a schema revision is migrated (read under that lock); any other is left as it is.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    async with engine.connect() as connection, one_at_a_time(connection, "migration"):
        applied = await connection.run_sync(_upgrade, config, revision, newer_ok, only_if_new)
        await connection.commit()
        return applied


class SchemaMismatchError(RuntimeError):
    """The database's schema is not the one this release works with; the message says what to do."""


async def use_schema(engine: AsyncEngine) -> None:
    """The schema check of every command but ``serve``, ``db upgrade`` and ``db prepare``: a new, empty database
    gets the schema (a first ``lotse users add`` before the first start); one at this release's revision is used
    as it is; an older one is refused, since migrating is the operator's deliberate step (a migration that removes
    something waits until the replicas have stopped: docs/operations.md, Upgrades); a newer one is used with a
    warning, as the service does."""
    async with engine.connect() as connection:
        current = await connection.run_sync(_current_revision)
    if current is None:
        # Only while still empty under the migration lock: another process (maybe an older release) could have
        # made the schema since the read above, and an older schema is not this command's to migrate.
        if await upgrade_schema(engine, only_if_new=True):
            return
        async with engine.connect() as connection:
            current = await connection.run_sync(_current_revision)
    script = ScriptDirectory.from_config(alembic_config(engine.url.render_as_string(hide_password=False)))
    if _newer(script, current, newer_ok=True) or current == (head := script.get_current_head()):
        return
    raise SchemaMismatchError(f"the database schema is at revision {current}, and this release needs {head}: "
                              "run `lotse db upgrade` first (docs/operations.md, Upgrades)")  # fmt: skip


def _current_revision(connection: Connection) -> str | None:
    try:
        return MigrationContext.configure(connection).get_current_revision()
    except CommandError as error:  # e.g. two rows in alembic_version
        raise SchemaMismatchError(f"the database's schema revision cannot be read: {error}") from None


def _newer(script: ScriptDirectory, current: str | None, *, newer_ok: bool) -> bool:
    """Whether ``current`` is a revision this release does not know (a newer release's); refused unless
    ``newer_ok``."""
    if current is None:
        return False
    try:
        script.get_revision(current)
    except CommandError:
        head = script.get_current_head()
        if not newer_ok:
            raise SchemaMismatchError(
                f"the database schema is at revision {current}, which this release does not know (it knows up "
                f"to {head}): a newer release migrated it; use that release, or restore the backup taken before "
                "the upgrade"
            ) from None
        logger.warning(
            "the database schema is at revision %s, newer than this release knows (up to %s); going on without "
            "migrating, which works as long as the newer release's migrations removed nothing "
            "(docs/operations.md, Upgrades)", current, head,
        )  # fmt: skip
        return True
    return False


def _upgrade(connection: Connection, config: Config, revision: str, newer_ok: bool, only_if_new: bool) -> list[str]:
    if connection.dialect.name == "sqlite":
        # Python's sqlite3 runs DDL outside a transaction: each CREATE TABLE committed on its own, and a first
        # start stopped half-way left tables without a revision, which no later start could migrate. An explicit
        # BEGIN makes the whole upgrade one transaction, as on PostgreSQL; IMMEDIATE takes the write lock first
        # (waiting up to the busy timeout for a running service's write), since a deferred one that read the
        # revision first would fail at once ("database is locked") if another process wrote in between.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    before = _current_revision(connection)
    if only_if_new and before is not None:
        return []
    if before is None and set(inspect(connection).get_table_names()) - {"alembic_version"}:
        raise SchemaMismatchError(
            "the database has tables but no schema revision (alembic_version is missing or empty): it was not made "
            "by Lotse, or its revision was lost; use an empty database, or restore a backup"
        )
    if _newer(ScriptDirectory.from_config(config), before, newer_ok=newer_ok):
        return []
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    after = MigrationContext.configure(connection).get_current_revision()
    if after is None or after == before:
        return []
    steps = ScriptDirectory.from_config(config).iterate_revisions(after, before)
    return [f"{step.revision}: {_title(step.doc or '')}" for step in reversed(list(steps))]


def _title(doc: str) -> str:
    """A migration's message up to its first colon or semicolon, on one line."""
    return " ".join(re.split(r"[:;]", doc, maxsplit=1)[0].split())
