"""What may be logged: never a needs profile. Database drivers log statements with their parameters
(a stored plan's profile) at DEBUG, so they stay at WARNING whatever ``LOTSE_LOG_LEVEL`` says."""

from __future__ import annotations

import logging

from litestar.logging.config import LoggingConfig

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool", "alembic", "httpx", "httpcore")


def configure_logging(level: str | None = None) -> None:
    """Set the service's log level (if given) and keep parameter-logging libraries quiet."""
    if level is not None:
        logging.basicConfig(level=level, format=LOG_FORMAT)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def service_logging(level: str) -> LoggingConfig:
    """Litestar's logging set-up at ``LOTSE_LOG_LEVEL``, in the command-line tools' format (Litestar's default
    put the root logger back to INFO in every worker, whatever the setting said)."""
    return LoggingConfig(
        formatters={"standard": {"format": LOG_FORMAT}}, root={"handlers": ["queue_listener"], "level": level}
    )
