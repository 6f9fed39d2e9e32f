"""Which language a request asks for: ``?lang=`` first, then ``Accept-Language``, else German."""

from __future__ import annotations

from typing import Any

from litestar import Request

from web.problems import FieldProblem

LANGUAGES = ("de", "de-easy", "en", "ar", "uk", "ru", "tr", "fa")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
DEFAULT_LANGUAGE = "de"


def request_language(request: Request[Any, Any, Any], lang: str | None) -> str:
    """The language for this request; an unknown ``?lang=`` is a 400 naming ``lang``."""
    if lang is not None:
        if lang not in LANGUAGES:
            raise FieldProblem(
                "lang", f"unsupported language {lang!r}; supported: {', '.join(LANGUAGES)}", allowed=LANGUAGES
            )
        return lang
    return negotiate(request.headers.get("accept-language", ""))


def negotiate(header: str) -> str:
    """The best supported language in an ``Accept-Language`` header (``de`` when nothing fits)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        tag = tag.strip().lower()
        match = tag if tag in LANGUAGES else tag.split("-")[0]
        if match in LANGUAGES and quality > 0:
            ranked.append((-quality, position, match))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
