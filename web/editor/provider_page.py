"""``/anbieter/{token}``: a provider, without an account, sees its own offers through a signed link, confirms
them as still correct (at once: a confirmation changes nothing but the date) and proposes corrections to free
places, times, contact and texts, which wait for an editor's approval."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy import select

from models.catalogue import OFFER_WITH_CHILDREN, get_offer
from models.offer import is_stale
from models.offer_table import Offer
from models.provider import Provider
from models.taxonomy import N_
from web.dependencies import DbSession
from web.editor.changes import confirm_offer, pending_proposals, propose
from web.editor.offer_form import PROVIDER_SECTIONS, changes_of, checked, form_values, text_languages, values_of_form
from web.editor.provider_links import provider_of_link
from web.editor.screen import editor_context, screen_language

INVALID_LINK = "This link is not valid (any more). Please ask the town for a new one."


class ProviderOffers(Controller):
    path = "/anbieter/{token:str}"
    include_in_schema = False

    @get("/")
    async def offers(self, request: Request[Any, Any, Any], token: FromPath[str], db_session: DbSession,
                     lang: FromQuery[str | None] = None, done: FromQuery[str | None] = None) -> Template:  # fmt: skip
        provider = await _provider(request, db_session, token)
        rows = await db_session.scalars(
            select(Offer).options(*OFFER_WITH_CHILDREN).where(Offer.provider_id == provider.id).order_by(Offer.id)
        )
        waiting = {proposal.offer_id for proposal in await pending_proposals(db_session, provider.id)}
        stale_days = request.app.state.settings.stale_days
        offers = [{"id": offer.id, "title": offer.to_record().titles.get("de", offer.id),
                   "confirmed_on": offer.confirmed_at.date(), "waiting": offer.id in waiting,
                   "stale": is_stale(offer.confirmed_at, date.today(), stale_days)} for offer in rows]  # fmt: skip
        context = editor_context(request, screen_language(lang), provider=provider, offers=offers, token=token,
                                 done=done if done in ("confirmed", "proposed") else None)  # fmt: skip
        return Template("editor/provider.html", context=context)

    @post("/{offer_id:str}/bestaetigen")
    async def confirm(self, request: Request[Any, Any, Any], token: FromPath[str], offer_id: FromPath[str],
                      db_session: DbSession) -> Redirect:  # fmt: skip
        offer = await _own_offer(request, db_session, token, offer_id)
        language = screen_language(str((await request.form()).get("ui", "")))
        await confirm_offer(db_session, offer, f"provider:{offer.provider_id}")
        return Redirect(f"/anbieter/{token}?lang={language}&done=confirmed", status_code=303)

    @get("/{offer_id:str}")
    async def correction_form(self, request: Request[Any, Any, Any], token: FromPath[str], offer_id: FromPath[str],
                              db_session: DbSession, lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        offer = await _own_offer(request, db_session, token, offer_id)
        return _form_page(request, screen_language(lang), token, offer, form_values(offer.to_record()), {})

    @post("/{offer_id:str}")
    async def propose(self, request: Request[Any, Any, Any], token: FromPath[str], offer_id: FromPath[str],
                      db_session: DbSession) -> Response[Any]:  # fmt: skip
        offer = await _own_offer(request, db_session, token, offer_id)
        form = await request.form()
        language, current = screen_language(str(form.get("ui", ""))), offer.to_record()
        values = values_of_form(form, current)
        changes, errors = changes_of(values, current, PROVIDER_SECTIONS)
        if not errors and not changes:
            errors = {"form": N_("You changed nothing. To say that everything is still correct, confirm the offer.")}
        if changes:  # also beside the form's own errors: every field at once
            errors = checked(current, changes)[1] | errors
        if errors:
            return _form_page(request, language, token, offer, values, errors, status=400)
        await propose(db_session, offer, changes)
        return Redirect(f"/anbieter/{token}?lang={language}&done=proposed", status_code=303)


async def _provider(request: Request[Any, Any, Any], session: DbSession, token: str) -> Provider:
    provider = await provider_of_link(request.app.state.settings, session, token)
    if provider is None:
        raise NotFoundException(INVALID_LINK)
    return provider


async def _own_offer(request: Request[Any, Any, Any], session: DbSession, token: str, offer_id: str) -> Offer:
    """One of the link's provider's offers; any other offer does not exist for this link."""
    provider = await _provider(request, session, token)
    offer = await get_offer(session, offer_id)
    if offer is None or offer.provider_id != provider.id:
        raise NotFoundException(f"No offer with the id {offer_id!r} for this provider.")
    return offer


def _form_page(request: Request[Any, Any, Any], language: str, token: str, offer: Offer, values: dict[str, Any],
               errors: dict[str, str], *, status: int = 200) -> Template:  # fmt: skip
    record = offer.to_record()
    context = editor_context(request, language, offer={"id": offer.id, "title": record.titles.get("de", offer.id)},
                             provider=offer.provider, values=values, errors=errors, token=token,
                             languages=text_languages(record), sections=PROVIDER_SECTIONS,
                             action=f"/anbieter/{token}/{offer.id}")  # fmt: skip
    return Template("editor/provider_offer.html", context=context, status_code=status)
