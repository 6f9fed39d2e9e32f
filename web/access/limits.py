"""Rate limits (Litestar's rate-limit middleware): ``LOTSE_RATE_LIMIT_PER_MINUTE`` requests per minute per
API key on the API, per client address on the open endpoints and on ``/login``. Over it: 429 problem+json
with ``Retry-After``. Each address also has ``FLOOD_FACTOR`` times the limit in all, so that invented keys
buy nothing. ``/health`` and ``/ready`` are never limited; the screens of signed-in staff and the
kiosk are not either (a whole town hall may share one address).

The counts live in each service process (Litestar's memory store): with N processes a client may reach up to
N times the limit. docs/operations.md says so.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address

from web.access.sessions import digest

LIMITED = ("/api/", "/login")
KEYED = "/api/v1/plans"  # the endpoints that take a key; everywhere else a key counts for nothing
FLOOD_FACTOR = 10  # per address, whatever keys it sends: a brake on invented keys


def client_identity(request: Request[Any, Any, Any]) -> str:
    """The API key (as its digest) on the endpoints that take one, else the client address."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if request.url.path.startswith(KEYED) and scheme.lower() == "bearer" and key.strip():
        return "key:" + digest(key.strip())[:32]
    return "address:" + get_remote_address(request)


def flood_identity(request: Request[Any, Any, Any]) -> str:
    return "flood:" + get_remote_address(request)


async def is_limited(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith(LIMITED)


def rate_limits(per_minute: int) -> list[RateLimitConfig]:
    """Per key (or address), and per address at ``FLOOD_FACTOR`` times the limit."""
    return [
        RateLimitConfig(
            rate_limit=("minute", per_minute * factor),
            exclude=["/health", "/ready"],
            identifier_for_request=identity,
            check_throttle_handler=is_limited,
        )
        for identity, factor in ((client_identity, 1), (flood_identity, FLOOD_FACTOR))
    ]
