"""The plan writer's own INSERT for asyncpg: SQLAlchemy's statement and SQLAlchemy's conversions of each value."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import create_engine

from web.positional_insert import positional_insert

ASYNCPG = create_engine("postgresql+asyncpg://lotse@localhost/lotse").dialect  # no connection is opened
COLUMNS = ("id", "created_at", "model_version", "language", "channel", "profile", "record", "hidden", "owner",
           "consultation")  # fmt: skip


def test_the_statement_names_every_column_once_with_dollar_placeholders() -> None:
    statement = positional_insert(ASYNCPG, COLUMNS)
    assert statement.sql.startswith("INSERT INTO plan (")
    assert sorted(statement.columns) == sorted(COLUMNS)
    for position, name in enumerate(statement.columns, start=1):
        assert f"${position}::" in statement.sql
        assert name in statement.sql.split("VALUES")[0]


def test_values_are_converted_as_sqlalchemy_converts_them() -> None:
    statement = positional_insert(ASYNCPG, COLUMNS)
    made = datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    row = {"id": "p", "created_at": made, "model_version": 3, "language": "ar", "channel": "api",
           "profile": {"german_level": "A1", "languages": ["ar"]}, "record": b"\x01", "hidden": [], "owner": None,
           "consultation": None}  # fmt: skip
    values = dict(zip(statement.columns, statement.values(row), strict=True))
    assert values["created_at"] == made.astimezone(UTC).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores
    assert json.loads(values["profile"]) == row["profile"]
    assert values["hidden"] == "[]"
    assert values["record"] == b"\x01" and values["owner"] is None and values["model_version"] == 3
