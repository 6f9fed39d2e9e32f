"""Request bodies the API refuses before they are parsed: JSON under another content type (415), bodies that
are not UTF-8, malformed JSON and JSON nested beyond what a parser should follow (400 problem+json naming the
body), and bodies that do not fit the operation's struct: one 400 listing every problem (web/body_problems.py)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import HTTPException, ValidationException

from web.body_problems import body_problems
from web.problems import FieldProblem

UNSAFE_METHODS = {"POST", "PUT", "PATCH"}


class UnsupportedMediaType(HTTPException):
    status_code = 415


async def check_json_body(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook of the API: only JSON bodies, in UTF-8, that a parser can follow."""
    if request.method not in UNSAFE_METHODS or not request.url.path.startswith("/api/"):
        return
    body = await request.body()
    if not body:
        return
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        raise UnsupportedMediaType(
            f"The body must be sent as application/json, not {media_type or 'without a Content-Type'}."
        )
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FieldProblem("body", f"is not valid UTF-8 (byte {error.start})", source="body") from None
    try:
        msgspec.json.decode(body)
    except RecursionError:
        raise FieldProblem("body", "is nested too deeply to be a needs profile or feedback", source="body") from None
    except msgspec.DecodeError as error:
        raise FieldProblem("body", f"is not valid JSON: {error}", source="body") from None
    data = request.route_handler.parsed_data_field
    struct = None if data is None else data.annotation
    if isinstance(struct, type) and issubclass(struct, msgspec.Struct):
        problems = body_problems(body, struct)
        if problems:
            raise ValidationException(detail="Invalid request body", extra=problems)
