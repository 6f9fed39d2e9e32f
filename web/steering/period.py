"""The period a report covers: whole months (UTC), given as months on the page and as dates in the API.

Reports cover whole months only, so that two overlapping periods cannot be subtracted to count the plans of a
single day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from web.access.audit import record

MAX_MONTHS = 120
FIRST_YEAR, LAST_YEAR = 2000, 2999


class PeriodError(ValueError):
    """A period parameter that does not fit; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str, kind: str = "format") -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.kind = kind  # format, years, order or span: what the screen says


@dataclass(frozen=True, slots=True)
class Period:
    """Whole months, from the first day of ``first`` to the last day of ``last`` (UTC)."""

    first: date
    last: date

    @classmethod
    def spanning(cls, start: date, end: date) -> Period:
        following = (end.replace(day=28) + timedelta(days=4)).replace(day=1)
        return cls(start.replace(day=1), following - timedelta(days=1))

    @classmethod
    def recent(cls, today: date, months: int = 12) -> Period:
        """The last ``months`` months up to and including this one."""
        index = today.year * 12 + today.month - 1 - (months - 1)
        return cls.spanning(date(index // 12, index % 12 + 1, 1), today)

    @property
    def months(self) -> list[str]:
        first, last = self.first.year * 12 + self.first.month - 1, self.last.year * 12 + self.last.month - 1
        return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), UTC)


def _day(parameter: str, value: str, *, month_end: bool) -> date:
    text = value.strip()
    try:
        if len(text) == 7:  # a month, "2026-03"
            text += "-01"
            if month_end and FIRST_YEAR <= int(text[:4]) <= LAST_YEAR:
                first = date.fromisoformat(text)
                return Period.spanning(first, first).last
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(parameter, "must be a date (YYYY-MM-DD) or a month (YYYY-MM)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(parameter, f"must lie in the years {FIRST_YEAR} to {LAST_YEAR}", "years")
    return day


def period_of(start: str | None, end: str | None, today: date) -> Period:
    """The whole months from ``start`` to ``end`` (each a date or a month; by default the last twelve months)."""
    default = Period.recent(today)
    first = _day("from", start, month_end=False) if start else default.first
    last = _day("to", end, month_end=True) if end else max(default.last, first)
    if first > last:
        raise PeriodError("to", "must not be before 'from'", "order")
    period = Period.spanning(first, last)
    if len(period.months) > MAX_MONTHS:
        # Name a parameter the client sent: a far 'to' alone is too far from the default start.
        raise PeriodError("from" if start else "to", f"the period may span at most {MAX_MONTHS} months", "span")
    return period


async def record_reading(session: AsyncSession, actor: str, report: str, period: Period,
                         groups: Sequence[str] = ()) -> None:  # fmt: skip
    """Note in the audit log who read which report for which months: small numbers are withheld in every
    report, but comparing many overlapping periods could still narrow one down, and the log shows it."""
    detail: dict[str, object] = {"first": f"{period.first:%Y-%m}", "last": f"{period.last:%Y-%m}"}
    if groups:
        detail["group_by"] = list(groups)
    record(session, actor, "report_read", report, **detail)
    await session.commit()
