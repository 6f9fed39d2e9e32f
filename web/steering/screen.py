"""``/steuerung``: the steering group's picture (role ``steering``), and each of its tables as CSV.

The period is whole months (``from``/``to`` as ``YYYY-MM``; the last twelve months by default); the screen is
German or English (``lang``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Response, Template

from models.access import Role
from models.taxonomy import N_
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession, Matching
from web.pages.rendering import screen_context
from web.steering.period import FIRST_YEAR, LAST_YEAR, MAX_MONTHS, Period, PeriodError, period_of, record_reading
from web.steering.report import SteeringReport, steering_report
from web.steering.suppression import SMALL_TEXT, WITHHELD_TEXT
from web.steering.tables import TABLE_NAMES

PERIOD_PROBLEMS = {
    "format": N_("Please enter a month such as 2026-03."),
    "years": N_("Please choose a month in the years {years}."),
    "order": N_("'To' must not be before 'From'."),
    "span": N_("The period may cover at most {months} months."),
}

From = Annotated[str | None, QueryParameter(name="from", required=False)]


def _language(value: str | None) -> str:
    return "en" if value == "en" else "de"


class SteeringScreen(Controller):
    path = "/steuerung"
    include_in_schema = False
    guards = [staff_only(Role.STEERING)]

    @get("/")
    async def page(self, request: Request[Any, Any, Any], db_session: DbSession, matching: Matching,
                   start: From = None, to: FromQuery[str | None] = None,
                   lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        language = _language(lang)
        context = screen_context(language, staff=staff_of_request(request), small=SMALL_TEXT, withheld=WITHHELD_TEXT,
                                 start=start or "", to=to or "", home_url=f"/steuerung?lang={language}")  # fmt: skip
        try:
            period = period_of(start, to, date.today())
        except PeriodError as error:
            message = context["_"](PERIOD_PROBLEMS[error.kind]).format(years=f"{FIRST_YEAR}–{LAST_YEAR}",
                                                                       months=MAX_MONTHS)  # fmt: skip
            errors = {error.parameter: message}  # shown beside its field
            return Template("steering/page.html", context={**context, "errors": errors}, status_code=400)
        report = await _report(db_session, matching, period, language, context)
        await record_reading(db_session, staff_of_request(request).actor, "page", period)
        return Template("steering/page.html", context={**context, "report": report, **_months(period)})

    @get("/{file_name:str}")
    async def download(self, request: Request[Any, Any, Any], file_name: FromPath[str], db_session: DbSession,
                       matching: Matching,
                       start: From = None, to: FromQuery[str | None] = None,
                       lang: FromQuery[str | None] = None) -> Response[str]:  # fmt: skip
        name = file_name.removesuffix(".csv")
        if not file_name.endswith(".csv") or name not in TABLE_NAMES:
            raise NotFoundException(f"No table {file_name!r}.")
        language = _language(lang)
        try:
            period = period_of(start, to, date.today())
        except PeriodError as error:
            return Response(f"{error.parameter}: {error.message}\r\n", status_code=400, media_type="text/plain")
        report = await _report(db_session, matching, period, language, screen_context(language))
        table = report.table(name)
        assert table is not None
        await record_reading(db_session, staff_of_request(request).actor, name, period)
        months = _months(period)
        file = f"lotse-{name}-{months['first_month']}-{months['last_month']}.csv"
        return Response(
            "\ufeff" + table.csv(),  # the byte order mark lets spreadsheet programs read UTF-8
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{file}"'},
        )


async def _report(session: DbSession, matching: Matching, period: Period, language: str,
                  context: dict[str, Any]) -> SteeringReport:  # fmt: skip
    matrix = matching.state.matrix if matching.state is not None else None
    return await steering_report(session, period, matrix, language, context["_"])


def _months(period: Period) -> dict[str, str]:
    return {"first_month": f"{period.first:%Y-%m}", "last_month": f"{period.last:%Y-%m}"}
