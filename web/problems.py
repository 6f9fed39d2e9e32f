"""One error format for the whole API: RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR

from models.profile import IDENTIFYING_FIELDS

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPES = "https://lotse.example/problems/"
logger = logging.getLogger("lotse.web")

_TITLES = {
    400: "Invalid request",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    503: "Service unavailable",
}


class FieldProblem(HTTPException):
    """A 400 about one named request field (query parameter or body key)."""

    status_code = HTTP_400_BAD_REQUEST

    def __init__(self, field: str, message: str, *, source: str = "query") -> None:
        super().__init__(detail=f"{field}: {message}", extra=[{"field": field, "message": message, "source": source}])


def problem(status: int, *, detail: str, instance: str, errors: list[dict[str, Any]] | None = None) -> Response[Any]:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPES}{'validation' if errors else status}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


SCREEN_PATHS = ("/beratung", "/kiosk")


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if request.url.path.startswith(SCREEN_PATHS):
        return _error_page(request, exc.status_code, exc.detail)
    errors = _field_errors(exc)
    detail = exc.detail
    if errors and isinstance(exc, ValidationException):
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(exc.status_code, detail=detail, instance=request.url.path, errors=errors or None)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # The request body is never logged: it may hold a needs profile.
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if request.url.path.startswith(SCREEN_PATHS):
        return _error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, "")
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        detail="Something went wrong on our side. The error has been logged.",
        instance=request.url.path,
    )


def _field_errors(exc: HTTPException) -> list[dict[str, Any]]:
    if not isinstance(exc.extra, list):
        return []
    return [_field_error(item) for item in exc.extra if isinstance(item, dict)]


_NAMED_KEY = re.compile(r"Object (?P<what>contains unknown|missing required) field `(?P<key>[^`]+)`")


def _field_error(item: dict[str, Any]) -> dict[str, Any]:
    """One error naming its field; msgspec's "unknown field"/"missing field" messages name the key itself."""
    message = str(item.get("message", ""))
    field = item.get("field") or item.get("key") or _field_from_message(message)
    named = _NAMED_KEY.search(message)
    if named:
        key = named["key"]
        field = key if field in (None, "data") else f"{field}.{key}"
        if named["what"] == "missing required":
            message = "is required"
        elif key in IDENTIFYING_FIELDS:
            message = f"'{key}' is personal data: Lotse takes a person's needs, never who they are"
        else:
            message = f"unknown field '{key}'"
    return {
        "field": "body" if field in (None, "data") else field,
        "message": message,
        "source": item.get("source", "body"),
    }


def _field_from_message(message: str) -> str | None:
    """msgspec names the failing key as ``at `$.a.b```; turn that into ``a.b``."""
    marker = "at `$."
    if marker not in message:
        return None
    return message.split(marker, 1)[1].rstrip("`")


class ServiceUnavailable(HTTPException):
    status_code = 503


def _error_page(request: Request[Any, Any, Any], status: int, detail: str) -> Response[Any]:
    """Screens answer errors with a page in words (German unless the screen is in English)."""
    from web.screens.rendering import screen_context

    language = "en" if request.query_params.get("lang") == "en" else "de"
    gettext = screen_context(language)["_"]
    titles = {400: gettext("Please check the request"), 404: gettext("Not found"), 503: gettext("Not available yet")}
    title = titles.get(status, gettext("Something went wrong"))
    text = {400: gettext("Something in the request did not fit (for example an answer that was not offered)."),
            404: gettext("This page or plan does not exist (any more)."),
            503: gettext("The service is starting or has no ranking model yet. Please try again in a moment.")}.get(
        status, gettext("Please try again. If it happens again, tell the IT team."))  # fmt: skip
    home = "/kiosk" if request.url.path.startswith("/kiosk") else f"/beratung?lang={language}"
    context = screen_context(language, title=title, detail=text, home=home)
    return Template("error.html", context=context, status_code=status)
