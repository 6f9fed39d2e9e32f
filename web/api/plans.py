"""``/api/v1/plans``: a needs profile in, a ranked and explained plan out; feedback on what people decided.

Every call needs a partner API key (``Authorization: Bearer <key>``) with its scope; a plan belongs to the
key that made it, and to every other key it does not exist (404).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import HeaderParameter, JSONBody, PathParameter, QueryParameter

from models.access import Scope
from models.feedback import FeedbackIn, FeedbackOut, Outcome
from models.plan import Plan, PlanOut
from models.profile import NeedsProfile, PlanLanguage
from web.access.guards import key_with, partner_of_request
from web.api.plan_json import PlanResponse
from web.dependencies import DbSession, Matching
from web.openapi.errors import KEYED_BODY, errors_for
from web.planning import (
    IdempotencyConflictError,
    NoModelYetError,
    OfferNotInPlanError,
    make_plan,
    plan_document,
    record_feedback,
    stored_plan,
)
from web.problems import Conflict, FieldProblem, ServiceUnavailable

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")
AUTH: dict[str, list[str]] = {"bearer": []}
PlanId = Annotated[str, PathParameter(description="The plan's id (`plan_id` of the plan), a UUID.")]
LanguageParameter = Annotated[
    PlanLanguage | None,
    QueryParameter(description="The language to show the plan in (default: its plan language)."),
]
LangParameter = Annotated[
    PlanLanguage | None,
    QueryParameter(description="The same as `language`, by the name the other endpoints use (API 1.1.5)."),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description="1–128 visible ASCII characters, e.g. a UUID: a retry with the same key and body returns the "
        "stored answer and writes nothing; the same key with another body is 409.",
    ),
]


class PlanController(Controller):
    path = "/api/v1/plans"
    tags = ["plans"]
    security = [AUTH]

    @post("/", status_code=201, guards=[key_with(Scope.PLANS)], response_class=PlanResponse,
          summary="Create a personalised plan from a needs profile",
          responses=errors_for(400, 401, 403, 408, 413, 415, 429, 503))  # fmt: skip
    async def create_plan(
        self, request: Request[Any, Any, Any], data: JSONBody[NeedsProfile], matching: Matching
    ) -> PlanOut:
        """Ranks every offer for the profile and returns recommendations with reasons, phased steps and
        unmet needs, in ``plan_language``. The profile is kept with the plan (it identifies no one) so
        that feedback can be learned from. Needs the scope ``plans``."""
        owner = partner_of_request(request).owner
        try:
            return await make_plan(data, matching, request.app.state.plan_writer, channel="api", owner=owner)
        except NoModelYetError as error:
            raise ServiceUnavailable(str(error)) from None

    @get("/{plan_id:str}", guards=[key_with(Scope.PLANS)], summary="Read a plan this key made",
         response_class=PlanResponse, responses=errors_for(400, 401, 403, 404, 429, 503))  # fmt: skip
    async def read_plan(
        self,
        request: Request[Any, Any, Any],
        plan_id: PlanId,
        db_session: DbSession,
        matching: Matching,
        language: LanguageParameter = None,
        lang: LangParameter = None,
    ) -> PlanOut:
        """The plan as it was made (the same offers, order, scores and reasons), in its plan language or in
        ``language`` (or ``lang``): texts are rendered again from the stored plan and today's catalogue; an offer
        that left the catalogue since is listed in ``removed_offers``. Another key's plan is 404."""
        if lang is not None and language is not None and lang != language:
            raise FieldProblem("lang", f"asks for another language than language ({language.value})")
        plan = await _own_plan(request, db_session, plan_id)
        asked = language or lang
        document = plan_document(plan, plan.language if asked is None else asked.value, matching)
        if document is None:
            if matching.state is None:
                raise ServiceUnavailable("The catalogue is not loaded yet; try again shortly.")
            raise NotFoundException(f"No plan with the id {plan_id!r}.")
        return document

    @post("/{plan_id:str}/feedback", status_code=201, guards=[key_with(Scope.FEEDBACK)],
          summary="Record what the person decided about an offer",
          responses=errors_for(*KEYED_BODY, 409))  # fmt: skip
    async def create_feedback(
        self,
        request: Request[Any, Any, Any],
        plan_id: PlanId,
        data: JSONBody[FeedbackIn],
        db_session: DbSession,
        idempotency_key: IdempotencyKey = None,
    ) -> FeedbackOut:
        """Outcomes: ``accepted``, ``declined``, ``not_suitable``, ``completed``. One current outcome per offer
        (a new one replaces it). Send an ``Idempotency-Key`` header (1–128 visible ASCII characters) so that a
        retry is stored once. Needs the scope ``feedback`` and a plan this key made."""
        if idempotency_key is not None and not IDEMPOTENCY_KEY.match(idempotency_key):
            raise FieldProblem("Idempotency-Key", "must be 1–128 visible ASCII characters", source="header")
        plan = await _own_plan(request, db_session, plan_id)
        partner = partner_of_request(request)
        try:
            feedback = await record_feedback(
                db_session,
                plan,
                data.offer_id,
                data.outcome,
                source=partner.owner,
                idempotency_key=idempotency_key,
                actor=partner.actor,
            )
        except OfferNotInPlanError:
            raise FieldProblem(
                "offer_id", f"the offer {data.offer_id!r} was not recommended in this plan", source="body"
            ) from None
        except IdempotencyConflictError:
            raise Conflict("This Idempotency-Key was already used for a different feedback.") from None
        return FeedbackOut(
            feedback_id=feedback.feedback_id,
            plan_id=feedback.plan_id,
            offer_id=feedback.offer_id,
            outcome=Outcome(feedback.outcome),
            rank=feedback.rank,
            created_at=feedback.created_at,
        )


async def _own_plan(request: Request[Any, Any, Any], session: DbSession, plan_id: str) -> Plan:
    plan = await stored_plan(session, plan_id)
    if plan is None or plan.owner != partner_of_request(request).owner:
        raise NotFoundException(f"No plan with the id {plan_id!r}.")
    return plan
