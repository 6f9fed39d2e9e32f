"""``/api/v1/reports/needs``: the steering group's numbers as JSON (scope ``steering``): the same counts and the
same small-numbers rule as the page /steuerung."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.params import QueryParameter

from models.access import Scope
from web.access.guards import key_with, partner_of_request
from web.dependencies import DbSession, Matching
from web.problems import FieldProblem
from web.steering.period import PeriodError, period_of, record_reading
from web.steering.reports import GROUPS, plan_counts
from web.steering.suppression import MIN_CELL, Cell, Hidden

AUTH: dict[str, list[str]] = {"bearer": []}
DEFAULT_GROUPS = "field,district"


class CountOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    plans: int | None  # None when suppressed
    suppressed: bool
    reason: Hidden | None = None  # "small": 1–4 plans; "complement": withheld so a small cell cannot be derived


class NeedsCellOut(CountOut, kw_only=True, omit_defaults=True):
    field: str | msgspec.UnsetType | None = msgspec.UNSET
    district: str | msgspec.UnsetType | None = msgspec.UNSET  # null: the profile names no district
    month: str | msgspec.UnsetType | None = msgspec.UNSET  # "2026-03"


class NeedsReportOut(msgspec.Struct, kw_only=True):
    start: date = msgspec.field(name="from")
    to: date
    group_by: list[str]
    min_cell: int
    total: CountOut
    cells: list[NeedsCellOut]


def _count(cell: Cell) -> dict[str, object]:
    return {"plans": cell.plans, "suppressed": cell.hidden is not None, "reason": cell.hidden}


def _groups(raw: str) -> list[str]:
    groups = [part.strip() for part in raw.split(",")]
    unknown = [group for group in groups if group not in GROUPS]
    if unknown or not groups:
        raise FieldProblem("group_by", f"use a comma list of {', '.join(GROUPS)}; not {', '.join(unknown)!s}")
    if len(set(groups)) != len(groups):
        raise FieldProblem("group_by", "names a group twice")
    return groups


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]
    security = [AUTH]

    @get("/needs", guards=[key_with(Scope.STEERING)], summary="Plans with a need, per field, district and month")
    async def needs(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        matching: Matching,
        group_by: Annotated[
            str, QueryParameter(description="Comma list of `field`, `district`, `month` (in the order of the keys).")
        ] = DEFAULT_GROUPS,
        start: Annotated[
            str | None,
            QueryParameter(
                name="from",
                required=False,
                description="First day (YYYY-MM-DD) or month (YYYY-MM); widened to the start of its month. "
                "Default: twelve months ago.",
            ),
        ] = None,
        to: Annotated[
            str | None,
            QueryParameter(description="Last day or month; widened to the end of its month. Default: this month."),
        ] = None,
    ) -> NeedsReportOut:
        """Counts stored plans made in the period (whole months, UTC). With `field`, a plan counts in each field
        of action where a need came up (need at least 0.6, as in the plan's unmet needs); without it, every plan
        counts. Every combination is listed, zeros included. A cell of 1–4 plans has `plans: null`,
        `suppressed: true, reason: "small"`; where a district or month row would let a small cell be worked out
        from the total, a second cell is withheld (`reason: "complement"`). Needs the scope `steering`."""
        groups = _groups(group_by)
        try:
            period = period_of(start, to, date.today())
        except PeriodError as error:
            raise FieldProblem(error.parameter, error.message) from None
        matrix = matching.state.matrix if matching.state is not None else None
        counts = await plan_counts(db_session, period, matrix)
        await record_reading(db_session, partner_of_request(request).owner, "needs", period, groups)
        cells = [
            msgspec.convert({**dict(zip(groups, key, strict=True)), **_count(cell)}, NeedsCellOut)
            for key, cell in counts.needs(groups).items()
        ]
        return NeedsReportOut(start=period.first, to=period.last, group_by=groups, min_cell=MIN_CELL,
                              total=msgspec.convert(_count(counts.total()), CountOut), cells=cells)  # fmt: skip
