"""``/vermittlung/{token}``: the provider's page for one referral, opened from the signed link.

No account: the link is the permission, for this one referral. The page shows the offer and the referral
date, never the person, the plan or the counsellor; the provider accepts or declines, and later marks the
start, the completion or a drop-out. An invalid or expired link is a 404 that says so.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from models.catalogue import get_offer
from models.referral import Referral
from web.dependencies import DbSession
from web.pages.rendering import screen_context
from web.referrals.flow import TransitionConflictError, change_status, referral_by_id, referral_of_link
from web.referrals.views import CHANGED_MEANWHILE, NOT_A_STEP, TEMPLATE_GLOBALS, change_from_form, referral_view

INVALID = "This link is not valid (any more). Please ask the counselling service for a new one."


def _language(value: str | None) -> str:
    return "en" if value == "en" else "de"


class ProviderReferralPage(Controller):
    path = "/vermittlung"
    include_in_schema = False

    @get("/{token:str}")
    async def page(self, request: Request[Any, Any, Any], token: FromPath[str], db_session: DbSession,
                   lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        referral = await _referral(request, db_session, token)
        return await _page(request, db_session, _language(lang), token, referral, {})

    @post("/{token:str}")
    async def change(self, request: Request[Any, Any, Any], token: FromPath[str], db_session: DbSession
                     ) -> Template | Redirect:  # fmt: skip
        referral = await _referral(request, db_session, token)
        form = {k: str(v)[:40] for k, v in (await request.form()).items()}
        language = _language(form.get("ui"))
        change, errors = change_from_form(form)
        if change is None:
            return await _page(request, db_session, language, token, referral, errors, status=400)
        try:
            await change_status(db_session, referral, change, by="provider", actor=f"provider-link:{referral.id}")
        except TransitionConflictError as error:
            errors = {"status": CHANGED_MEANWHILE if error.raced else NOT_A_STEP}
            fresh = await referral_by_id(db_session, referral.id)
            return await _page(request, db_session, language, token, fresh or referral, errors, status=409)
        return Redirect(f"/vermittlung/{token}?lang={language}", status_code=303)


async def _referral(request: Request[Any, Any, Any], session: DbSession, token: str) -> Referral:
    carried = referral_of_link(request.app.state.settings, token)
    referral = None if carried is None else await referral_by_id(session, carried[0])
    if referral is None or carried is None or referral.link_generation != carried[1]:  # a newer link replaced it
        raise NotFoundException(INVALID)
    return referral


async def _page(request: Request[Any, Any, Any], session: DbSession, language: str, token: str, referral: Referral,
                errors: dict[str, str], status: int = 200) -> Template:  # fmt: skip
    offer = await get_offer(session, referral.offer_id)
    context = screen_context(
        language, view=referral_view(request, referral), offer=None if offer is None else offer.to_out(language, request.app.state.settings.stale_days),
        token=token, referral_errors=errors, **TEMPLATE_GLOBALS,
    )  # fmt: skip
    return Template("referrals/provider.html", context=context, status_code=status)
