"""``/api/v1/plans``: a needs profile in, a ranked and explained plan out; feedback on what people decided."""

from __future__ import annotations

from litestar import Controller, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from models.feedback import FeedbackIn, FeedbackOut
from models.plan import PlanOut
from models.profile import NeedsProfile
from web.dependencies import DbSession, Matching
from web.planning import NoModelYetError, OfferNotInPlanError, make_plan, record_feedback, stored_plan
from web.problems import FieldProblem, ServiceUnavailable


class PlanController(Controller):
    path = "/api/v1/plans"
    tags = ["plans"]

    @post("/", status_code=201, summary="Create a personalised plan from a needs profile")
    async def create_plan(self, data: JSONBody[NeedsProfile], db_session: DbSession, matching: Matching) -> PlanOut:
        """Ranks every offer for the profile and returns recommendations with reasons, phased steps and
        unmet needs, in ``plan_language``. The profile is kept with the plan (it identifies no one) so
        that feedback can be learned from."""
        try:
            return (await make_plan(data, matching, db_session, channel="api"))[data.plan_language.value]
        except NoModelYetError as error:
            raise ServiceUnavailable(str(error)) from None

    @post("/{plan_id:str}/feedback", status_code=201, summary="Record what the person decided about an offer")
    async def create_feedback(
        self, plan_id: FromPath[str], data: JSONBody[FeedbackIn], db_session: DbSession
    ) -> FeedbackOut:
        """Outcomes: ``accepted``, ``declined``, ``not_suitable``, ``completed``. Stored with the rank and
        features the offer had in the plan; ``lotse train`` learns from it."""
        plan = await stored_plan(db_session, plan_id)
        if plan is None:
            raise NotFoundException(f"No plan with the id {plan_id!r}.")
        try:
            feedback = await record_feedback(db_session, plan, data.offer_id, data.outcome)
        except OfferNotInPlanError:
            raise FieldProblem(
                "offer_id", f"the offer {data.offer_id!r} was not recommended in this plan", source="body"
            ) from None
        return FeedbackOut(
            feedback_id=feedback.id,
            plan_id=plan.id,
            offer_id=feedback.offer_id,
            outcome=data.outcome,
            rank=feedback.rank,
            created_at=feedback.created_at,
        )
