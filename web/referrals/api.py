"""``/api/v1/plans/{plan_id}/referrals`` and ``/api/v1/referrals/{referral_id}``: referrals for partner tools.

A key with the scope ``referrals`` refers people from the plans it made and follows those referrals; every
other plan and referral does not exist for it (404). State changes follow the allowed transitions (409
otherwise); the provider confirms through the signed ``provider_link``.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, PathParameter

from models.access import Scope
from models.referral import Referral, ReferralChange, ReferralIn, ReferralOut
from web.access.guards import key_with, partner_of_request
from web.dependencies import DbSession
from web.openapi.errors import KEYED_BODY, KEYED_READ, errors_for
from web.planning import stored_plan
from web.problems import Conflict, FieldProblem
from web.referrals.flow import (
    OfferGoneError,
    OfferNotInPlanError,
    ReasonError,
    TransitionConflictError,
    change_status,
    plan_of,
    provider_link,
    refer,
    referral_by_id,
    referral_out,
    renew_link,
)

AUTH: dict[str, list[str]] = {"bearer": []}
PlanId = Annotated[str, PathParameter(description="The plan's id (`plan_id` of the plan), a UUID.")]
ReferralId = Annotated[str, PathParameter(description="The referral's id (`referral_id`), a UUID.")]


class ReferralController(Controller):
    path = "/api/v1"
    tags = ["referrals"]
    security = [AUTH]
    guards = [key_with(Scope.REFERRALS)]

    @post("/plans/{plan_id:str}/referrals", status_code=201, summary="Refer the person to an offer of the plan",
          responses={**errors_for(*KEYED_BODY, 409), 200: ResponseSpec(
              ReferralOut, description="The existing referral: this offer of this plan was referred before.")})  # fmt: skip
    async def create_referral(
        self, request: Request[Any, Any, Any], plan_id: PlanId, data: JSONBody[ReferralIn], db_session: DbSession
    ) -> Response[ReferralOut]:
        """Refers the person of a plan this key made to one of the plan's offers (recommended or alternative).
        Call it only after the person agreed that the provider learns of the referral. The answer carries the
        ``provider_link`` to send or hand to the provider. The same offer again gives the existing referral
        (200), so a retry never makes two. Needs the scope ``referrals``."""
        owner = partner_of_request(request).owner
        plan = await stored_plan(db_session, plan_id)
        if plan is None or plan.owner != owner:
            raise NotFoundException(f"No plan with the id {plan_id!r}.")
        try:
            referral, created = await refer(
                db_session, plan, data.offer_id, by="partner", actor=partner_of_request(request).actor
            )
        except OfferNotInPlanError:
            raise FieldProblem("offer_id", f"the offer {data.offer_id!r} is not in this plan", source="body") from None
        except OfferGoneError:
            raise Conflict(
                f"The offer {data.offer_id!r} has left the catalogue since the plan was made; no provider "
                "can take a referral to it. Choose another offer of the plan."
            ) from None
        return Response(_out(request, referral), status_code=201 if created else 200)

    @get("/referrals/{referral_id:str}", summary="Read a referral and its history", responses=KEYED_READ)
    async def read_referral(
        self, request: Request[Any, Any, Any], referral_id: ReferralId, db_session: DbSession
    ) -> ReferralOut:
        """The referral's current state and every state it reached. Needs the scope ``referrals``; a referral
        from another key's plan is 404."""
        return _out(request, await _own(request, db_session, referral_id))

    @post("/referrals/{referral_id:str}/provider-link", status_code=200, summary="Replace the provider's link",
          responses=KEYED_READ)  # fmt: skip
    async def renew_provider_link(
        self, request: Request[Any, Any, Any], referral_id: ReferralId, db_session: DbSession
    ) -> ReferralOut:
        """A new ``provider_link`` for the referral; every earlier link stops working at once (it was forwarded,
        lost or sent to the wrong address). The referral's state and history stay. No body. Needs the scope
        ``referrals``; a referral from another key's plan is 404."""
        referral = await _own(request, db_session, referral_id)
        await renew_link(db_session, referral, partner_of_request(request).actor)
        return _out(request, referral)

    @patch("/referrals/{referral_id:str}", summary="Record what became of a referral",
           responses=errors_for(*KEYED_BODY, 409))  # fmt: skip
    async def change_referral(
        self,
        request: Request[Any, Any, Any],
        referral_id: ReferralId,
        data: JSONBody[ReferralChange],
        db_session: DbSession,
    ) -> ReferralOut:
        """Moves the referral on: ``referred`` → ``accepted`` or ``declined`` (reason: no_places, not_eligible,
        not_reachable, other) or ``dropped``; ``accepted`` → ``started`` or ``dropped``; ``started`` →
        ``completed`` or ``dropped`` (reason: not_suitable, schedule, childcare, not_reachable, moved_away,
        found_work, health, other). Any other change is 409; repeating the current state changes nothing."""
        referral = await _own(request, db_session, referral_id)
        try:
            changed = await change_status(db_session, referral, data, by="partner",
                                          actor=partner_of_request(request).actor)  # fmt: skip
        except ReasonError as error:
            raise FieldProblem("reason", str(error), source="body", allowed=error.allowed) from None
        except TransitionConflictError as error:
            raise Conflict(str(error)) from None
        return _out(request, changed)


async def _own(request: Request[Any, Any, Any], session: DbSession, referral_id: str) -> Referral:
    referral = await referral_by_id(session, referral_id)
    plan = None if referral is None else await plan_of(session, referral)
    if referral is None or plan is None or plan.owner != partner_of_request(request).owner:
        raise NotFoundException(f"No referral with the id {referral_id!r}.")
    return referral


def _out(request: Request[Any, Any, Any], referral: Referral) -> ReferralOut:
    out = referral_out(referral)
    out.provider_link = provider_link(request.app.state.settings, str(request.base_url), referral)
    return out
