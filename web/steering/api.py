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
from web.openapi.errors import errors_for
from web.problems import FieldProblem
from web.steering.period import PeriodError, period_of, record_reading
from web.steering.reports import GROUPS, plan_counts
from web.steering.suppression import MIN_CELL, Cell, Hidden

AUTH: dict[str, list[str]] = {"bearer": []}
DEFAULT_GROUPS = "field,district"


class CountOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    plans: Annotated[
        int | None, msgspec.Meta(description="How many plans; null when suppressed.")
    ]  # None when suppressed
    suppressed: Annotated[bool, msgspec.Meta(description="Whether the number is withheld.")]
    reason: Annotated[
        Hidden | None,
        msgspec.Meta(
            description="Why: `small` (1–4 plans) or `complement` (withheld so that a small cell cannot be worked out)."
        ),
    ] = None  # "small": 1–4 plans; "complement": withheld so a small cell cannot be derived


class NeedsCellOut(CountOut, kw_only=True, omit_defaults=True):
    field: Annotated[
        str | msgspec.UnsetType | None, msgspec.Meta(description="The field of action (with `group_by` field).")
    ] = msgspec.UNSET
    district: Annotated[
        str | msgspec.UnsetType | None,
        msgspec.Meta(description="The district (with `group_by` district); null: the profile names none."),
    ] = msgspec.UNSET  # null: the profile names no district
    month: Annotated[
        str | msgspec.UnsetType | None, msgspec.Meta(description="The month `YYYY-MM` (with `group_by` month).")
    ] = msgspec.UNSET  # "2026-03"


class NeedsReportOut(msgspec.Struct, kw_only=True):
    start: Annotated[date, msgspec.Meta(description="The first day of the period (whole months, UTC).")] = (
        msgspec.field(name="from")
    )
    to: Annotated[date, msgspec.Meta(description="The last day of the period.")]
    group_by: Annotated[list[str], msgspec.Meta(description="The groupings, in the order of the cells' keys.")]
    min_cell: Annotated[int, msgspec.Meta(description="Cells below this number of plans (and above 0) are suppressed.")]
    total: Annotated[CountOut, msgspec.Meta(description="All plans of the period.")]
    cells: Annotated[list[NeedsCellOut], msgspec.Meta(description="Every combination, zeros included.")]


def _count(cell: Cell) -> dict[str, object]:
    return {"plans": cell.plans, "suppressed": cell.hidden is not None, "reason": cell.hidden}


def _groups(raw: str) -> list[str]:
    groups = [part.strip() for part in raw.split(",")]
    unknown = [group for group in groups if group not in GROUPS]
    if unknown or not groups:
        raise FieldProblem(
            "group_by", f"use a comma list of {', '.join(GROUPS)}; not {', '.join(unknown)!s}", allowed=list(GROUPS)
        )
    if len(set(groups)) != len(groups):
        raise FieldProblem("group_by", "names a group twice")
    return groups


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]
    security = [AUTH]

    @get("/needs", guards=[key_with(Scope.STEERING)], summary="Plans with a need, per field, district and month",
         responses=errors_for(400, 401, 403, 429))  # fmt: skip
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
        await record_reading(db_session, partner_of_request(request).actor, "needs", period, groups)
        cells = [
            msgspec.convert({**dict(zip(groups, key, strict=True)), **_count(cell)}, NeedsCellOut)
            for key, cell in counts.needs(groups).items()
        ]
        return NeedsReportOut(start=period.first, to=period.last, group_by=groups, min_cell=MIN_CELL,
                              total=msgspec.convert(_count(counts.total()), CountOut), cells=cells)  # fmt: skip
