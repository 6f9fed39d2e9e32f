"""Requests the API refuses before they are parsed: a query parameter or an ``Idempotency-Key`` given twice (the
last one would silently win), JSON under another content type or compressed (415), empty bodies where the
operation takes one, bodies that are not UTF-8, malformed JSON and JSON nested beyond what a parser should
follow (400 problem+json naming the body), and bodies that do not fit the operation's struct: one 400 listing
every problem (web/body_problems.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from web.body_problems import body_problems, error
from web.head_requests import every_method
from web.problems import FieldProblem

UNSAFE_METHODS = {"POST", "PUT", "PATCH"}
NUL_MESSAGE = "contains a NUL character, which no text here may hold"
# A \uXXXX escape of one half of a UTF-16 surrogate pair without its other half (not after an escaped backslash).
HALF_CHARACTER = re.compile(
    rb"(?<!\\)(?:\\\\)*(\\u[dD][89abAB][0-9a-fA-F]{2})(?!\\u[dD][c-fC-F])"
    rb"|(?<!\\)(?:\\\\)*(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)


class UnsupportedMediaType(HTTPException):
    status_code = 415


async def check_api_request(request: Request[Any, Any, Any]) -> Response[None] | None:
    """``before_request`` hook of the application: ``OPTIONS`` answered with every method of the address; no NUL
    character in any query parameter (no database stores one: PostgreSQL refused it with a 500); the checks of
    requests to the API (``/api/``)."""
    if (options := every_method(request)) is not None:
        return options
    _check_nul(request)
    if not request.url.path.startswith("/api/"):
        return None  # forms: each screen names a NUL beside its field, or treats it as the unknown value it is
    _check_repeated(request)
    if request.method in UNSAFE_METHODS:
        await check_json_body(request)
    return None


def _check_nul(request: Request[Any, Any, Any]) -> None:
    problems = [error(name[:40].replace("\x00", ""), NUL_MESSAGE, source="query")
                for name, value in request.query_params.multi_items() if "\x00" in name or "\x00" in value]  # fmt: skip
    if problems:
        raise ValidationException(detail="Invalid request", extra=problems)


def half_character(body: bytes) -> str | None:
    """Where ``body`` escapes half a character, in words (msgspec reports some as truncated input)."""
    found = HALF_CHARACTER.search(body)
    if found is None:
        return None
    escape = found.group(1) or found.group(2)
    start = found.start(1) if found.group(1) else found.start(2)
    return f"{escape.decode()} at byte {start} is half of a character (a UTF-16 surrogate without its pair)"


def _holds_nul(value: Any) -> bool:
    """Whether a decoded JSON value holds a NUL character in any text (a key or a value)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class RepeatedKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise RepeatedKeyError(next(key for key, n in Counter(key for key, _ in pairs).items() if n > 1))
    return found


def _check_keys_and_texts(body: bytes) -> None:
    """A key given twice in one JSON object is a 400 naming it (every parser would silently keep one of them); a
    NUL character in any text is a 400 (no database stores one)."""
    try:
        value = json.loads(body, object_pairs_hook=_unique_keys)
        nul = b"\\u0000" in body and _holds_nul(value)  # escaped: a raw NUL is not valid JSON
    except RepeatedKeyError as repeated:
        raise FieldProblem(repeated.key[:40], "is given more than once; send it once", source="body") from None
    except RecursionError:
        raise FieldProblem("body", "is nested too deeply to be a needs profile or feedback", source="body") from None
    except ValueError:
        return  # what else a parser may refuse, the JSON check has named already
    if nul:
        raise FieldProblem("body", NUL_MESSAGE, source="body")


def _check_repeated(request: Request[Any, Any, Any]) -> None:
    """Every API parameter takes one value: a name given twice is a 400, not the last value silently."""
    counts = Counter(name for name, _ in request.query_params.multi_items())
    problems = [error(name, "is given more than once; send it once", source="query")
                for name, count in counts.items() if count > 1]  # fmt: skip
    if len(request.headers.getall("idempotency-key", [])) > 1:
        problems.append(error("Idempotency-Key", "is given more than once; send it once", source="header"))
    if problems:
        raise ValidationException(detail="Invalid request", extra=problems)


async def check_json_body(request: Request[Any, Any, Any]) -> None:
    """Only JSON bodies, uncompressed, in UTF-8, that a parser can follow; a body where the operation takes one."""
    body = await request.body()
    data = request.route_handler.parsed_data_field
    if not body:
        if data is not None:
            raise FieldProblem("body", "is empty: send the JSON object this operation takes", source="body")
        return
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding != "identity":
        raise UnsupportedMediaType(f"The body must be sent uncompressed, not with Content-Encoding {encoding}.")
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
    except msgspec.ValidationError:
        pass  # valid JSON with a number no decoder holds (1e999): the check against the struct names its place
    except RecursionError:
        raise FieldProblem("body", "is nested too deeply to be a needs profile or feedback", source="body") from None
    except msgspec.DecodeError as error:
        raise FieldProblem("body", f"is not valid JSON: {half_character(body) or error}", source="body") from None
    _check_keys_and_texts(body)
    struct = None if data is None else data.annotation
    if isinstance(struct, type) and issubclass(struct, msgspec.Struct):
        problems = body_problems(body, struct)
        if problems:
            raise ValidationException(detail="Invalid request body", extra=problems)
