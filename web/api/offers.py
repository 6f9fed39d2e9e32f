"""``/api/v1/offers``: the catalogue in the project's own JSON."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter

from models.catalogue import OfferFilter, get_offer, offer_page
from models.district import District
from models.offer import OfferOut, OfferPage
from models.taxonomy import CATEGORY_CODES, FieldOfAction
from web.dependencies import DbSession
from web.language import request_language
from web.problems import FieldProblem

Page = Annotated[int, QueryParameter(ge=1, le=100_000, description="Page number, from 1")]
PerPage = Annotated[int, QueryParameter(ge=1, le=100, description="Offers per page, at most 100")]
Lang = Annotated[str | None, QueryParameter(description="Language of the texts: de, de-easy, en, ar, uk, ru, tr, fa")]


class OfferController(Controller):
    path = "/api/v1/offers"
    tags = ["catalogue"]

    @get("/", summary="List offers (filtered, paginated)")
    async def list_offers(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        field: FromQuery[FieldOfAction | None] = None,
        category: Annotated[
            str | None, QueryParameter(description="Category code, e.g. wohnen.emergency_housing")
        ] = None,
        district: FromQuery[District | None] = None,
        language: Annotated[str | None, QueryParameter(description="ISO 639-1 code the offer is held in")] = None,
        page: Page = 1,
        per_page: PerPage = 20,
        lang: Lang = None,
    ) -> OfferPage:
        text_language = request_language(request, lang)
        if category is not None and category not in CATEGORY_CODES:
            raise FieldProblem("category", f"unknown category code {category!r}; see /api/v1/taxonomy")
        if language is not None and (len(language) != 2 or not language.isalpha()):
            raise FieldProblem("language", "expected a two-letter ISO 639-1 code such as 'ar'")
        offer_filter = OfferFilter(field=field, category=category, district=district, language=language)
        offers, total = await offer_page(db_session, offer_filter, page=page, per_page=per_page)
        return OfferPage(
            items=[offer.to_out(text_language, request.app.state.settings.stale_days) for offer in offers],
            total=total,
            page=page,
            per_page=per_page,
            pages=max(1, -(-total // per_page)),
        )

    @get("/{offer_id:str}", summary="One offer")
    async def get_offer(
        self, request: Request[Any, Any, Any], db_session: DbSession, offer_id: FromPath[str], lang: Lang = None
    ) -> OfferOut:
        text_language = request_language(request, lang)
        offer = await get_offer(db_session, offer_id)
        if offer is None:
            raise NotFoundException(f"No offer with the id {offer_id!r}.")
        return offer.to_out(text_language, request.app.state.settings.stale_days)
