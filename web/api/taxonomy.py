"""``GET /api/v1/taxonomy``: the fields of action and categories with their labels."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromQuery

from models.taxonomy import TaxonomyOut, taxonomy_in
from web.language import request_language


@get("/api/v1/taxonomy", tags=["catalogue"], summary="Fields of action and offer categories")
async def taxonomy(request: Request[Any, Any, Any], lang: FromQuery[str | None] = None) -> TaxonomyOut:
    """Labels in German or English (``?lang=en`` or ``Accept-Language``); codes never change."""
    return taxonomy_in(request_language(request, lang))
