"""What may be logged: never a needs profile. Database drivers log statements with their parameters
(a stored plan's profile) at DEBUG, so they stay at WARNING whatever ``LOTSE_LOG_LEVEL`` says."""

from __future__ import annotations

import logging

QUIET_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool", "alembic")


def configure_logging(level: str | None = None) -> None:
    """Set the service's log level (if given) and keep parameter-logging libraries quiet."""
    if level is not None:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
