"""``/verwaltung/angebote``: editors list, filter, edit and confirm the offers, and update free places in place."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy import select

from models.access import Role
from models.catalogue import get_offer
from models.district import District
from models.offer import is_stale
from models.offer_table import Offer
from models.provider import PROVIDER_ID_PATTERN, Provider
from models.taxonomy import CATEGORY_CODES, N_, FieldOfAction
from web.access.guards import staff_of_request, staff_only
from web.dependencies import DbSession
from web.editor.changes import OfferQuery, confirm_offer, find_offers, save_offer, set_free_places
from web.editor.offer_form import EVERY_SECTION, changes_of, checked, form_values, text_languages, values_of_form
from web.editor.review_items import waiting_count
from web.editor.screen import editor_context, screen_language

LIST = "/verwaltung/angebote"


class OfferCatalogue(Controller):
    path = LIST
    include_in_schema = False
    guards = [staff_only(Role.EDITOR)]

    @get("/")
    async def listing(self, request: Request[Any, Any, Any], db_session: DbSession,
                      lang: FromQuery[str | None] = None) -> Template:  # fmt: skip
        return await _list_page(request, db_session, screen_language(lang), _query_of(request.query_params))

    @post("/{offer_id:str}/plaetze")
    async def free_places(self, request: Request[Any, Any, Any], offer_id: FromPath[str], db_session: DbSession
                          ) -> Response[Any]:  # fmt: skip
        offer = await _offer(db_session, offer_id)
        form = await request.form()
        language, raw = screen_language(str(form.get("ui", ""))), str(form.get("places_available", "")).strip()
        errors = {"places_available": N_("Enter a whole number of 0 or more.")}
        if raw.isascii() and raw.isdigit() and len(raw) < 7:
            errors = await set_free_places(db_session, offer, int(raw), staff_of_request(request).actor)
        if request.headers.get("hx-request") == "true":
            context = editor_context(request, language, row=_row(offer, request), error=errors.get("places_available"),
                                     value=raw, saved=not errors)  # fmt: skip
            return Template("editor/_places.html", context=context, status_code=400 if errors else 200)
        if errors:
            query = _query_of(dict(parse_qsl(urlsplit(_back(str(form.get("back", "")), language)).query)))
            return await _list_page(request, db_session, language, query, {offer.id: errors["places_available"]})
        return Redirect(_back(str(form.get("back", "")), language), status_code=303)

    @post("/{offer_id:str}/bestaetigen")
    async def confirm(self, request: Request[Any, Any, Any], offer_id: FromPath[str], db_session: DbSession
                      ) -> Redirect:  # fmt: skip
        offer = await _offer(db_session, offer_id)
        form = await request.form()
        await confirm_offer(db_session, offer, staff_of_request(request).actor)
        return Redirect(_back(str(form.get("back", "")), screen_language(str(form.get("ui", "")))), status_code=303)

    @get("/{offer_id:str}")
    async def edit_form(self, request: Request[Any, Any, Any], offer_id: FromPath[str], db_session: DbSession,
                        lang: FromQuery[str | None] = None, saved: FromQuery[str | None] = None) -> Template:  # fmt: skip
        offer = await _offer(db_session, offer_id)
        return _edit_page(request, screen_language(lang), offer, form_values(offer.to_record()), {}, saved=bool(saved))

    @post("/{offer_id:str}")
    async def save(self, request: Request[Any, Any, Any], offer_id: FromPath[str], db_session: DbSession
                   ) -> Response[Any]:  # fmt: skip
        offer = await _offer(db_session, offer_id)
        form = await request.form()
        language, current = screen_language(str(form.get("ui", ""))), offer.to_record()
        values = values_of_form(form, current)
        changes, errors = changes_of(values, current, EVERY_SECTION)
        changed, problems = checked(current, changes)  # also beside the form's own errors: every field at once
        if changed is None or errors:
            return _edit_page(request, language, offer, values, problems | errors, status=400)
        await save_offer(db_session, offer, changed, list(changes), staff_of_request(request).actor)
        return Redirect(f"{LIST}/{offer.id}?lang={language}&saved=1", status_code=303)


async def _offer(session: DbSession, offer_id: str) -> Offer:
    offer = await get_offer(session, offer_id)
    if offer is None:
        raise NotFoundException(f"No offer with the id {offer_id!r}.")
    return offer


def _query_of(params: Any) -> OfferQuery:
    def known(name: str, allowed: set[str]) -> str:
        value = str(params.get(name) or "")
        return value if value in allowed else ""

    return OfferQuery(
        field=known("field", {f.value for f in FieldOfAction}),
        category=known("category", set(CATEGORY_CODES)),
        district=known("district", {d.value for d in District}),
        provider=provider if re.fullmatch(PROVIDER_ID_PATTERN, provider := str(params.get("provider") or "")) else "",
        text=" ".join(str(params.get("q") or "").replace("\x00", "").split())[:100],  # no NUL into the database
        stale_only=params.get("stale") == "1",
    )


def _back(target: str, language: str) -> str:
    """Back to the list as it was filtered; never anywhere else."""
    return (
        target
        if target.startswith(LIST + "?") and "\n" not in target and "\r" not in target
        else f"{LIST}?lang={language}"
    )


def _row(offer: Offer, request: Request[Any, Any, Any]) -> dict[str, Any]:
    record = offer.to_record()
    stale_days = request.app.state.settings.stale_days
    return {"id": offer.id, "title": record.titles.get("de", offer.id), "title_en": record.titles.get("en", ""),
            "provider": offer.provider.name, "provider_id": offer.provider_id, "district": offer.district,
            "category": offer.category, "places": offer.places_available, "maximum": offer.places_maximum,
            "confirmed_on": offer.confirmed_at.date(),
            "stale": is_stale(offer.confirmed_at, date.today(), stale_days)}  # fmt: skip


async def _list_page(request: Request[Any, Any, Any], session: DbSession, language: str, query: OfferQuery,
                     errors: dict[str, str] | None = None) -> Template:  # fmt: skip
    offers = await find_offers(session, query, request.app.state.settings.stale_days)
    providers = (await session.execute(select(Provider.id, Provider.name).order_by(Provider.name))).all()
    rows = sorted((_row(offer, request) for offer in offers), key=lambda row: row["title"].casefold())
    filters = {"field": query.field, "category": query.category, "district": query.district,
               "provider": query.provider, "q": query.text, "stale": "1" if query.stale_only else ""}  # fmt: skip
    back = f"{LIST}?" + urlencode({"lang": language, **{k: v for k, v in filters.items() if v}})
    context = editor_context(request, language, rows=rows, providers=providers, filters=filters, back=back,
                             errors=errors or {}, categories=CATEGORY_CODES,
                             stale_count=sum(row["stale"] for row in rows),
                             review_count=await waiting_count(session))  # fmt: skip
    return Template("editor/offers.html", context=context, status_code=400 if errors else 200)


def _edit_page(request: Request[Any, Any, Any], language: str, offer: Offer, values: dict[str, Any],
               errors: dict[str, str], *, status: int = 200, saved: bool = False) -> Template:  # fmt: skip
    row = _row(offer, request)
    context = editor_context(request, language, offer=row, values=values, errors=errors, saved=saved,
                             languages=text_languages(offer.to_record()), sections=EVERY_SECTION,
                             action=f"{LIST}/{offer.id}")  # fmt: skip
    return Template("editor/offer.html", context=context, status_code=status)
