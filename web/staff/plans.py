"""``/beratung/plaene``: a counsellor's recent plans, and a plan's case reference and follow-up date.

Every change on the counselling screen makes a plan, so the list shows the plans a counsellor worked with
in the last ``RECENT_WEEKS`` weeks: with a case reference, a follow-up date, a recorded outcome or a referral.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy import exists, func, select

from models.access import Role
from models.feedback import Feedback
from models.plan import Plan
from models.referral import Referral
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession
from web.pages.rendering import screen_context
from web.planning import stored_plan
from web.staff.case_reference import check_case_reference, check_follow_up

RECENT_WEEKS = 8


def _language(value: str | None) -> str:
    return "en" if value == "en" else "de"


class PlanList(Controller):
    path = "/beratung/plaene"
    include_in_schema = False
    guards = [staff_only(Role.COUNSELLOR)]

    @get("/")
    async def recent(self, request: Request[Any, Any, Any], db_session: DbSession,
                     lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        staff = staff_of_request(request)
        since = datetime.now(UTC) - timedelta(weeks=RECENT_WEEKS)
        outcomes = select(func.count(Feedback.id)).where(Feedback.plan_id == Plan.id).scalar_subquery()
        referrals = select(func.count(Referral.id)).where(Referral.plan_id == Plan.id).scalar_subquery()
        worked_with = (
            Plan.case_reference.is_not(None)
            | Plan.follow_up_on.is_not(None)
            | exists().where(Feedback.plan_id == Plan.id)
            | exists().where(Referral.plan_id == Plan.id)
        )
        rows = (
            await db_session.execute(
                select(Plan.id, Plan.created_at, Plan.case_reference, Plan.follow_up_on, outcomes, referrals)
                .where(Plan.owner == staff.owner, Plan.created_at >= since, worked_with)
                .order_by(Plan.created_at.desc())
                .limit(200)
            )
        ).all()
        context = screen_context(_language(lang), staff=staff, plans=rows, weeks=RECENT_WEEKS, today=date.today())
        return Template("staff/recent_plans.html", context=context)

    @get("/{plan_id:str}/fall")
    async def case_form(self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession,
                        lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        plan = await own_plan(request, db_session, plan_id)
        values = {"case_reference": plan.case_reference or "", "follow_up_on": str(plan.follow_up_on or "")}
        return _case_page(request, _language(lang), plan, values, {})

    @post("/{plan_id:str}/fall")
    async def save_case(self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession
                        ) -> Response[Any]:  # fmt: skip
        plan = await own_plan(request, db_session, plan_id)
        form = await request.form()
        language = _language(str(form.get("ui", "")))
        values = {"case_reference": str(form.get("case_reference", ""))[:200],
                  "follow_up_on": str(form.get("follow_up_on", ""))[:20]}  # fmt: skip
        reference, reference_error = check_case_reference(values["case_reference"])
        follow_up, follow_up_error = check_follow_up(values["follow_up_on"], date.today())
        errors = {k: v for k, v in (("case_reference", reference_error), ("follow_up_on", follow_up_error)) if v}
        if errors:
            return _case_page(request, language, plan, values, errors, status=400)
        plan.case_reference, plan.follow_up_on = reference, follow_up
        await db_session.commit()
        return Redirect(f"/beratung/plaene/{plan.id}?lang={language}", status_code=303)


async def own_plan(request: Request[Any, Any, Any], session: DbSession, plan_id: str) -> Plan:
    """The signed-in counsellor's own stored plan (kiosk plans and other people's plans are 404)."""
    plan = await stored_plan(session, plan_id)
    if plan is None or plan.channel == "kiosk" or plan.owner != staff_of_request(request).owner:
        raise NotFoundException(f"No plan with the id {plan_id!r}.")
    return plan


def _case_page(request: Request[Any, Any, Any], language: str, plan: Plan, values: dict[str, str],
               errors: dict[str, str], status: int = 200) -> Template:  # fmt: skip
    context = screen_context(language, staff=staff_of_request(request), plan=plan, values=values, errors=errors)
    return Template("staff/case.html", context=context, status_code=status)
