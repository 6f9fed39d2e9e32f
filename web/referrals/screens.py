"""The counsellor's side of referrals, on the plan's page: refer (after the person's consent) and record what
the person or the provider reported. With htmx the referral's block is swapped in place; without, the
browser goes back to the plan (post/redirect/get), or to a small page with the error beside the field."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from models.access import Role
from models.catalogue import get_offer
from models.plan import Plan
from models.referral import Referral
from models.taxonomy import N_
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession
from web.pages.rendering import screen_context
from web.referrals.flow import (
    OfferGoneError,
    OfferNotInPlanError,
    TransitionConflictError,
    change_status,
    plan_of,
    refer,
    referral_by_id,
    renew_link,
)
from web.referrals.views import CHANGED_MEANWHILE, NOT_A_STEP, TEMPLATE_GLOBALS, change_from_form, referral_view
from web.staff.plans import own_plan

CONSENT_NEEDED = N_("Ask the person first: the referral needs their consent.")
OFFER_GONE = N_("This offer has left the catalogue since the plan was made: it cannot be referred to any more.")


def _language(value: str | None) -> str:
    return "en" if value == "en" else "de"


class ReferralActions(Controller):
    path = "/beratung"
    include_in_schema = False
    guards = [staff_only(Role.COUNSELLOR)]

    @post("/plaene/{plan_id:str}/vermittlungen")
    async def refer(self, request: Request[Any, Any, Any], plan_id: FromPath[str], db_session: DbSession
                    ) -> Template | Redirect:  # fmt: skip
        form = {k: str(v)[:80] for k, v in (await request.form()).items()}
        language, offer_id = _language(form.get("ui")), form.get("offer_id", "")
        plan = await own_plan(request, db_session, plan_id)
        if form.get("consent") != "yes":
            return await _answer(request, db_session, language, plan, offer_id, None, {"consent": CONSENT_NEEDED})
        try:
            referral, _ = await refer(
                db_session, plan, offer_id, by="counsellor", actor=staff_of_request(request).actor
            )
        except OfferNotInPlanError:
            raise NotFoundException(f"The offer {offer_id!r} is not in this plan.") from None
        except OfferGoneError:
            return await _answer(request, db_session, language, plan, offer_id, None, {"consent": OFFER_GONE})
        return await _answer(request, db_session, language, plan, offer_id, referral, {})

    @post("/vermittlungen/{referral_id:str}")
    async def change(self, request: Request[Any, Any, Any], referral_id: FromPath[str], db_session: DbSession
                     ) -> Template | Redirect:  # fmt: skip
        form = {k: str(v)[:40] for k, v in (await request.form()).items()}
        language = _language(form.get("ui"))
        referral, plan = await _own_referral(request, db_session, referral_id)
        change, errors = change_from_form(form)
        if change is not None:
            try:
                referral = await change_status(db_session, referral, change, by="counsellor",
                                               actor=staff_of_request(request).actor)  # fmt: skip
            except TransitionConflictError as error:
                errors = {"status": CHANGED_MEANWHILE if error.raced else NOT_A_STEP}
                referral = await referral_by_id(db_session, referral_id) or referral
        return await _answer(request, db_session, language, plan, referral.offer_id, referral, errors)

    @post("/vermittlungen/{referral_id:str}/neuer-link")
    async def renew(self, request: Request[Any, Any, Any], referral_id: FromPath[str], db_session: DbSession
                    ) -> Template | Redirect:  # fmt: skip
        """A new link for the provider; the earlier ones stop working."""
        language = _language(str((await request.form()).get("ui", "")))
        referral, plan = await _own_referral(request, db_session, referral_id)
        await renew_link(db_session, referral, staff_of_request(request).actor)
        return await _answer(request, db_session, language, plan, referral.offer_id, referral, {}, renewed=True)


async def _own_referral(request: Request[Any, Any, Any], session: DbSession, referral_id: str
                        ) -> tuple[Referral, Plan]:  # fmt: skip
    referral = await referral_by_id(session, referral_id)
    plan = None if referral is None else await plan_of(session, referral)
    if referral is None or plan is None or plan.owner != staff_of_request(request).owner:
        raise NotFoundException(f"No referral with the id {referral_id!r}.")
    return referral, plan


async def _answer(request: Request[Any, Any, Any], session: DbSession, language: str, plan: Plan, offer_id: str,
                  referral: Referral | None, errors: dict[str, str], renewed: bool = False
                  ) -> Template | Redirect:  # fmt: skip
    """The referral's block (htmx), or back to the plan, or (an error without htmx) a page with the form."""
    status = 400 if errors else 200
    context = screen_context(
        language, staff=staff_of_request(request), plan_id=plan.id, offer_id=offer_id, referral_errors=errors,
        link_renewed=renewed,
        referrals={} if referral is None else {offer_id: referral_view(request, referral)}, **TEMPLATE_GLOBALS,
    )  # fmt: skip
    if request.headers.get("hx-request") == "true":
        return Template("referrals/_block_fragment.html", context=context, status_code=status)
    if not errors:
        return Redirect(f"/beratung/plaene/{plan.id}?lang={language}#offer-{offer_id}", status_code=303)
    offer = await get_offer(session, offer_id)
    context["offer"] = None if offer is None else offer.to_out(language, request.app.state.settings.stale_days)
    return Template("referrals/refer.html", context=context, status_code=status)
