"""The problem details (RFC 9457) every API operation answers its errors with, documented per operation.

``Problem`` is the schema of what ``web.problems.problem`` writes; ``errors_for(400, 404, …)`` gives the
``responses`` of an operation: one ``application/problem+json`` answer per status it can return, each with an
example. tests/web/test_openapi.py causes every documented error and checks the body against this schema.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

PROBLEM_JSON = "application/problem+json"


class FieldError(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """One thing wrong with one field of the request."""

    field: Annotated[
        str,
        msgspec.Meta(
            description="The field: a body key as a path (`children_ages[1]`, `eligibility.max_age`), a query "
            "parameter, a header, or `body` for the body as a whole.",
            examples=["children_ages[1]"],
        ),
    ]
    message: Annotated[str, msgspec.Meta(description="What is wrong with it, in English.")]
    source: Annotated[
        str, msgspec.Meta(description="Where the field is: `body`, `query`, `path` or `header`.", examples=["body"])
    ]
    allowed: Annotated[
        list[str] | None,
        msgspec.Meta(description="The values the field allows, where it takes one of a fixed set (enumerations)."),
    ] = None


class Problem(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """An error, as RFC 9457 problem details (`Content-Type: application/problem+json`)."""

    type: Annotated[
        str,
        msgspec.Meta(
            description="A URI naming the kind of problem: `…/problems/validation` for invalid requests with "
            "`errors`, otherwise `…/problems/<status>`.",
            examples=["https://lotse.example/problems/validation"],
        ),
    ]
    title: Annotated[str, msgspec.Meta(description="A short summary of the kind of problem, the same for every "
                                       "problem of this type.")]  # fmt: skip
    status: Annotated[int, msgspec.Meta(ge=400, le=599, description="The HTTP status code.")]
    detail: Annotated[str, msgspec.Meta(description="What went wrong in this case, in English.")]
    instance: Annotated[str, msgspec.Meta(description="The path of the request that failed.")]
    errors: Annotated[
        list[FieldError] | None,
        msgspec.Meta(description="For 400: every problem found in the request, each naming its field."),
    ] = None


def _problem(status: int, title: str, detail: str, instance: str, **extra: Any) -> dict[str, Any]:
    kind = "validation" if "errors" in extra else str(status)
    return {"type": f"https://lotse.example/problems/{kind}", "title": title, "status": status, "detail": detail,
            "instance": instance, **extra}  # fmt: skip


_MISSING = {"field": "housing", "message": "is required", "source": "body"}
_ENUM = {"field": "work", "message": "Invalid enum value 'nope'", "source": "body",
         "allowed": ["employed", "self_employed", "job_seeking", "in_training", "not_permitted", "not_seeking",
                     "in_school", "retired"]}  # fmt: skip
_RANGE = {"field": "children_ages[1]", "message": "Expected `int` <= 17", "source": "body"}
_STATUSES: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "Invalid request: every problem found, each naming its field (and the allowed values where there is a "
        "fixed set); also a query parameter or header given more than once.",
        _problem(
            400,
            "Invalid request",
            "housing: is required; work: Invalid enum value 'nope'; children_ages[1]: Expected `int` <= 17",
            "/api/v1/plans",
            errors=[_MISSING, _ENUM, _RANGE],
        ),
    ),
    401: (
        "No API key, an unknown key or a revoked key (`WWW-Authenticate: Bearer`).",
        _problem(401, "Authentication required", "The API key is not valid or was revoked.", "/api/v1/plans"),
    ),
    403: (
        "The key lacks the scope this operation needs.",
        _problem(403, "Forbidden", "The API key lacks the scope 'plans'.", "/api/v1/plans"),
    ),
    404: (
        "It does not exist, or it belongs to another key.",
        _problem(
            404,
            "Not found",
            "No plan with the id '9b1e0c4e-0000-4000-8000-000000000000'.",
            "/api/v1/plans/9b1e0c4e-0000-4000-8000-000000000000",
        ),
    ),
    409: (
        "Conflict with the current state (a reused `Idempotency-Key`, a change of state that is not allowed).",
        _problem(
            409,
            "Conflict",
            "The referral is 'completed' (final); it cannot become 'dropped'.",
            "/api/v1/referrals/3f0c2a9e-0000-4000-8000-000000000000",
        ),
    ),
    408: (
        "The body did not fully arrive within `LOTSE_BODY_TIMEOUT_SECONDS` (default 10); the connection is closed.",
        _problem(408, "Request timeout", "The request body did not arrive within 10 seconds.", "/api/v1/plans"),
    ),
    413: (
        "The body is over 64 KB.",
        _problem(
            413, "Request too large", "The request body is larger than the 64 KB this service takes.", "/api/v1/plans"
        ),
    ),
    415: (
        "The body is not sent as `application/json`, or is compressed (`Content-Encoding`).",
        _problem(
            415, "Unsupported media type", "The body must be sent as application/json, not text/plain.", "/api/v1/plans"
        ),
    ),
    429: (
        "Too many requests in a minute for this key (open endpoints: this client address); wait `Retry-After` seconds.",
        _problem(429, "Too many requests", "Too many requests", "/api/v1/offers"),
    ),
    503: (
        "Not available now, with `Retry-After`: the service is busy (more requests at once than it takes;"
        " `Retry-After: 1`; never on `/ready`) or cannot reach its database (`Retry-After: 5`); for plans and"
        " `/ready` also: the catalogue is empty or there is no ranking model yet. Retry after the seconds it says.",
        _problem(503, "Service unavailable", "The service is busy. Please try again in a second.", "/api/v1/offers"),
    ),
}
DOCUMENTED_STATUSES = frozenset(_STATUSES)


def errors_for(*statuses: int) -> dict[int, ResponseSpec]:
    """The ``responses`` of an operation that can answer ``statuses``, and 503 (every operation but ``/health``
    can be busy or lose its database): problem+json with an example each."""
    statuses = tuple(sorted({*statuses, 503}))
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_JSON,
            description=_STATUSES[status][0],
            generate_examples=False,
            examples=[Example(summary=_STATUSES[status][1]["title"], value=_STATUSES[status][1])],
        )
        for status in statuses
    }


# What the operations can answer: reading open data, and each kind of keyed operation.
OPEN_LIST = errors_for(400, 429)
OPEN_ONE = errors_for(400, 404, 429)
KEYED_READ = errors_for(400, 401, 403, 404, 429)
KEYED_BODY = (400, 401, 403, 404, 408, 413, 415, 429)
