"""``/api/v1/offers``: the catalogue in the project's own JSON."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter

from models.catalogue import OfferFilter, get_offer, held_languages, offer_page
from models.district import District
from models.offer import OfferOut, OfferPage
from models.taxonomy import CATEGORY_CODES, FieldOfAction
from web.dependencies import DbSession
from web.language import request_language
from web.openapi.errors import OPEN_LIST, OPEN_ONE
from web.problems import FieldProblem

Page = Annotated[int, QueryParameter(ge=1, le=100_000, description="Page number, from 1")]
PerPage = Annotated[int, QueryParameter(ge=1, le=100, description="Offers per page, at most 100")]
Lang = Annotated[
    str | None,
    QueryParameter(
        description="Language of the texts: de, de-easy, en, ar, uk, ru, tr, fa (default: `Accept-Language`, "
        "else German). Others are 400.",
    ),
]
OfferIdParameter = Annotated[str, PathParameter(description="The offer's id, e.g. `ik-frauen-rethen`.")]


class OfferController(Controller):
    path = "/api/v1/offers"
    tags = ["catalogue"]

    @get("/", summary="List offers (filtered, paginated)", responses=OPEN_LIST)
    async def list_offers(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        field: Annotated[
            FieldOfAction | None, QueryParameter(description="Only offers in this field of action.")
        ] = None,
        category: Annotated[
            str | None,
            QueryParameter(
                description="Only offers of this category (code, e.g. `wohnen.emergency_housing`; see "
                "/api/v1/taxonomy). Unknown codes are 400.",
            ),
        ] = None,
        district: Annotated[District | None, QueryParameter(description="Only offers in this district.")] = None,
        language: Annotated[
            str | None,
            QueryParameter(
                description="Only offers held in this language (ISO 639-1). A language no offer is held in is 400 "
                "listing those that are.",
                pattern=r"^[a-z]{2}$",
            ),
        ] = None,
        page: Page = 1,
        per_page: PerPage = 20,
        lang: Lang = None,
    ) -> OfferPage:
        """Offers in the order of their ids. Every filter value must be known: an unknown one is a 400 naming
        the parameter and the values it allows (never an empty list)."""
        text_language = request_language(request, lang)
        if category is not None and category not in CATEGORY_CODES:
            raise FieldProblem("category", f"unknown category code {category!r}; see /api/v1/taxonomy",
                               allowed=sorted(CATEGORY_CODES))  # fmt: skip
        if language is not None:
            held = await held_languages(db_session)
            if language not in held:
                raise FieldProblem("language", f"no offer is held in {language!r}", allowed=held)
        offer_filter = OfferFilter(field=field, category=category, district=district, language=language)
        offers, total = await offer_page(db_session, offer_filter, page=page, per_page=per_page)
        return OfferPage(
            items=[offer.to_out(text_language, request.app.state.settings.stale_days) for offer in offers],
            total=total,
            page=page,
            per_page=per_page,
            pages=max(1, -(-total // per_page)),
        )

    @get("/{offer_id:str}", summary="One offer", responses=OPEN_ONE)
    async def get_offer(
        self, request: Request[Any, Any, Any], db_session: DbSession, offer_id: OfferIdParameter, lang: Lang = None
    ) -> OfferOut:
        """The offer with its texts in the language asked for (German where it has none in that language)."""
        text_language = request_language(request, lang)
        offer = await get_offer(db_session, offer_id)
        if offer is None:
            raise NotFoundException(f"No offer with the id {offer_id!r}.")
        return offer.to_out(text_language, request.app.state.settings.stale_days)
