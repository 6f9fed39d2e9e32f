"""One error format for the whole API: RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR

from models.profile import IDENTIFYING_FIELDS
from web.access.headers import SCREEN_PREFIXES, security_headers
from web.body_problems import with_allowed_values
from web.error_pages import DATABASE_DOWN, error_page
from web.head_requests import allowed
from web.outage import DATABASE, RETRY_AFTER_SECONDS, database_unavailable

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPES = "https://lotse.example/problems/"
logger = logging.getLogger("lotse.web")

_TITLES = {
    400: "Invalid request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    409: "Conflict",
    415: "Unsupported media type",
    429: "Too many requests",
    503: "Service unavailable",
}


class FieldProblem(HTTPException):
    """A 400 about one named request field (query parameter or body key)."""

    status_code = HTTP_400_BAD_REQUEST

    def __init__(
        self, field: str, message: str, *, source: str = "query", allowed: list[str] | tuple[str, ...] | None = None
    ) -> None:
        error: dict[str, Any] = {"field": field, "message": message, "source": source}
        if allowed:
            error["allowed"] = list(allowed)
        super().__init__(detail=f"{field}: {message}", extra=[error])


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


MACHINE_PATHS = ("/api/", "/health", "/ready", "/schema/openapi")  # answered to programs: problem details always


MAX_BODY_BYTES = 64 * 1024  # a needs profile is under 2 KB; larger bodies are 413
TOO_LARGE = f"The request body is larger than the {MAX_BODY_BYTES // 1024} KB this service takes."


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    headers = {**security_headers(request.url.path, request.url.scheme == "https"), **(exc.headers or {})}
    if exc.status_code == 405:
        headers = _allow_head(headers)
    if exc.status_code == 429 and "Retry-After" not in headers:
        headers["Retry-After"] = str(max(1, int(headers.get("RateLimit-Reset", "60") or 60)))
    if request.url.path.startswith(SCREEN_PREFIXES):
        if exc.status_code == 401:
            return _to_sign_in(request)
        return error_page(request, exc.status_code, exc.detail, headers)
    if for_a_browser(request):
        return error_page(request, exc.status_code, exc.detail, headers)
    errors = _field_errors(exc)
    handler = request.scope.get("route_handler")
    if errors and handler is not None:
        errors = with_allowed_values(handler.parsed_fn_signature.parameters, errors)
    detail = TOO_LARGE if exc.status_code == 413 else exc.detail
    if errors and isinstance(exc, ValidationException):
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    response = problem(exc.status_code, detail=detail, instance=request.url.path, errors=errors or None)
    response.headers.update(headers)
    return response


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """Whether an error is answered as a page in words: on the screens always, elsewhere to a browser."""
    return request.url.path.startswith(SCREEN_PREFIXES) or for_a_browser(request)


def for_a_browser(request: Request[Any, Any, Any]) -> bool:
    """An address outside the API that a browser asked for (a mistyped one, a page of the API's documentation
    that does not exist): the page in words, not JSON. Programs (an ``Accept`` without ``text/html`` first, or
    ``*/*``) and every address of the API keep problem details."""
    if request.url.path.startswith(MACHINE_PATHS):
        return False
    try:
        best = request.accept.best_match(["application/problem+json", "application/json", "text/html"])
    except (ValueError, OverflowError):  # "q=inf", "q=1e400": Litestar lets the OverflowError through (a 500)
        return False
    return best == "text/html"


def _allow_head(headers: dict[str, str]) -> dict[str, str]:
    """``Allow`` of a 405 with ``HEAD`` wherever ``GET`` is served (``web.head_requests`` answers it), in order."""
    return {name: allowed(value.split(",")) if name.lower() == "allow" else value for name, value in headers.items()}


def _to_sign_in(request: Request[Any, Any, Any]) -> Response[Any]:
    """A screen without a live session: to /login, and back to this page afterwards."""
    location = "/login"
    if request.method == "GET":  # a post is not repeated after sign-in: the screen opens afresh
        target = request.url.path + ("?" + request.url.query if request.url.query else "")
        location += "?" + urlencode({"next": target})
    if request.headers.get("hx-request"):
        return Response(b"", status_code=200, headers={"HX-Redirect": location})
    return Redirect(location, status_code=303)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if database_unavailable(exc):
        return database_unavailable_response(request, exc)
    # The request body is never logged: it may hold a needs profile.
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    headers = security_headers(request.url.path, request.url.scheme == "https")
    if request.url.path.startswith(SCREEN_PREFIXES):
        return error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, "", headers)
    response = problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        detail="Something went wrong on our side. The error has been logged.",
        instance=request.url.path,
    )
    response.headers.update(headers)
    return response


def database_unavailable_response(request: Request[Any, Any, Any], exc: BaseException) -> Response[Any]:
    """503 with ``Retry-After`` while the database cannot be reached; the outage is logged once, not per request."""
    DATABASE.failed(exc)
    headers = {**security_headers(request.url.path, request.url.scheme == "https"),
               "Retry-After": str(RETRY_AFTER_SECONDS)}  # fmt: skip
    if request.url.path.startswith(SCREEN_PREFIXES):
        return error_page(request, 503, DATABASE_DOWN, headers)
    response = problem(503, detail=DATABASE_DOWN, instance=request.url.path)
    response.headers.update(headers)
    return response


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
    found = {"field": "body" if field in (None, "data") else field, "message": message,
             "source": item.get("source", "body")}  # fmt: skip
    if item.get("allowed"):
        found["allowed"] = item["allowed"]
    return found


def _field_from_message(message: str) -> str | None:
    """msgspec names the failing key as ``at `$.a.b```; turn that into ``a.b``."""
    marker = "at `$."
    if marker not in message:
        return None
    return message.split(marker, 1)[1].rstrip("`")


class ServiceUnavailable(HTTPException):
    status_code = 503


class Conflict(HTTPException):
    status_code = 409
