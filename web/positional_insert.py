"""A plan row as asyncpg takes it: the INSERT with ``$n`` placeholders and the values converted exactly as
SQLAlchemy converts them (each column type's bind processor for this dialect), so that the plan writer can hand
rows to the driver directly (web/plan_writer.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect

from models.plan import Plan

PLAN_TABLE = cast(Table, Plan.__table__)


@dataclass(frozen=True, slots=True)
class PositionalInsert:
    sql: str
    columns: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            row[name] if process is None else process(row[name])
            for name, process in zip(self.columns, self.processors, strict=True)
        )


@cache
def positional_insert(dialect: Dialect, columns: tuple[str, ...]) -> PositionalInsert:
    """The INSERT into the plan table of ``columns`` for ``dialect`` (SQLAlchemy writes it, with the dialect's
    placeholders, ``$1``… on asyncpg)."""
    compiled = insert(PLAN_TABLE).compile(dialect=dialect, column_keys=list(columns))
    order = tuple(compiled.positiontup or ())
    assert sorted(order) == sorted(columns), "every column once, as a positional parameter"
    types = [PLAN_TABLE.c[name].type.dialect_impl(dialect) for name in order]
    return PositionalInsert(str(compiled), order, tuple(kind.bind_processor(dialect) for kind in types))
