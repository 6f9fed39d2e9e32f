"""``GET /api/v1/taxonomy``: the fields of action and categories with their labels."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.params import QueryParameter

from models.taxonomy import TaxonomyOut, taxonomy_in
from web.i18n import gettext_for
from web.language import request_language
from web.openapi.errors import OPEN_LIST


@get("/api/v1/taxonomy", tags=["catalogue"], summary="Fields of action and offer categories", responses=OPEN_LIST)
async def taxonomy(
    request: Request[Any, Any, Any],
    lang: Annotated[
        str | None,
        QueryParameter(
            description="Language of the labels: de, de-easy, en, ar, uk, ru, tr, fa (default: "
            "`Accept-Language`, else German). Others are 400."
        ),
    ] = None,
) -> TaxonomyOut:
    """Labels in the language asked for (``?lang=`` or ``Accept-Language``; German where a label has no
    translation), the same labels the plans show; codes never change."""
    language = request_language(request, lang)
    return taxonomy_in(language, gettext_for(language))  # it answered German labels to `lang=ar` (review)
