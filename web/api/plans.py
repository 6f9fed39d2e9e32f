"""``/api/v1/plans``: a needs profile in, a ranked and explained plan out; feedback on what people decided."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import msgspec
from litestar import Controller, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matcher.engine import rank
from matcher.plan import PlanContext, build_plan
from models.feedback import Feedback, FeedbackIn, FeedbackOut
from models.plan import Plan, PlanItem, PlanOut
from models.profile import NeedsProfile
from web.dependencies import DbSession, Matching
from web.i18n import gettext_for
from web.problems import FieldProblem, ServiceUnavailable

_PLAN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class PlanController(Controller):
    path = "/api/v1/plans"
    tags = ["plans"]

    @post("/", status_code=201, summary="Create a personalised plan from a needs profile")
    async def create_plan(self, data: JSONBody[NeedsProfile], db_session: DbSession, matching: Matching) -> PlanOut:
        """Ranks every offer for the profile and returns recommendations with reasons, phased steps and
        unmet needs, in ``plan_language``. The profile is kept with the plan (it identifies no one) so
        that feedback can be learned from."""
        state = matching.state
        if state is None:
            raise ServiceUnavailable("No ranking model is ready yet; an operator needs to run `lotse train`.")
        ranking = rank(data, state.matrix, state.ranker.scores, date.today())
        context = PlanContext(
            plan_id=str(uuid.uuid4()),
            created_at=datetime.now(UTC),
            language=data.plan_language.value,
            matrix=state.matrix,
            providers=state.providers,
            ranker=state.ranker,
            gettext=gettext_for(data.plan_language.value),
        )
        plan = build_plan(data, ranking, context)
        db_session.add(
            Plan(
                id=plan.plan_id,
                created_at=plan.created_at,
                model_version=plan.model_version,
                language=plan.language,
                channel="api",
                profile=msgspec.to_builtins(data),
                items=[
                    PlanItem(rank=r.rank, offer_id=r.offer.id, score=r.score, features=values.tolist())
                    for r, values in zip(plan.recommendations, ranking.features.values, strict=True)
                ],
            )
        )
        await db_session.commit()
        return plan

    @post("/{plan_id:str}/feedback", status_code=201, summary="Record what the person decided about an offer")
    async def record_feedback(
        self, plan_id: FromPath[str], data: JSONBody[FeedbackIn], db_session: DbSession
    ) -> FeedbackOut:
        """Outcomes: ``accepted``, ``declined``, ``not_suitable``, ``completed``. Stored with the rank and
        features the offer had in the plan; ``lotse train`` learns from it."""
        plan = None
        if _PLAN_ID.match(plan_id):
            plan = await db_session.scalar(select(Plan).options(selectinload(Plan.items)).where(Plan.id == plan_id))
        if plan is None:
            raise NotFoundException(f"No plan with the id {plan_id!r}.")
        item = next((item for item in plan.items if item.offer_id == data.offer_id), None)
        if item is None:
            raise FieldProblem(
                "offer_id", f"the offer {data.offer_id!r} was not recommended in this plan", source="body"
            )
        feedback = Feedback(
            plan_id=plan.id,
            offer_id=item.offer_id,
            outcome=data.outcome.value,
            rank=item.rank,
            model_version=plan.model_version,
            features=item.features,
            created_at=datetime.now(UTC),
        )
        db_session.add(feedback)
        await db_session.commit()
        return FeedbackOut(
            feedback_id=feedback.id,
            plan_id=plan.id,
            offer_id=item.offer_id,
            outcome=data.outcome,
            rank=item.rank,
            created_at=feedback.created_at,
        )
