"""Rate limits: ``LOTSE_RATE_LIMIT_PER_MINUTE`` requests per minute per API key on the API, per client address
on the open endpoints and on ``/login``. Over it: 429 problem+json with ``Retry-After``. Each address also has
``FLOOD_FACTOR`` times the limit in all, so that invented keys buy nothing. ``/health`` and ``/ready`` are
never limited; the screens of signed-in staff and the kiosk are not either (a whole town hall may share one
address). Answers on limited paths carry ``RateLimit-Policy``, ``-Limit``, ``-Remaining`` and ``-Reset``.

Each identity is one number, its theoretical arrival time (the generic cell rate algorithm): ``limit``
requests at once, then one every ``60 / limit`` seconds (so up to twice the limit in a client's first minute,
the limit per minute after it; sign-in has its own throttle per account, web/access/login.py); the cost of a
request does not grow with the rate
(Litestar's own middleware kept and re-encoded every timestamp of the last minute per identity, which at a
few hundred requests a second cost more than a plan).

The counts live in each service process: with N processes a client may reach up to N times the limit.
docs/operations.md says so.
"""

from __future__ import annotations

import ipaddress
import math
import time

from litestar.enums import ScopeType
from litestar.exceptions import TooManyRequestsException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from web.access.headers import encoded, with_headers
from web.access.sessions import digest

LIMITED = ("/api/", "/login")
# The endpoints that take a key (plans, feedback, referrals, reports); everywhere else a key counts for nothing.
KEYED = ("/api/v1/plans", "/api/v1/referrals", "/api/v1/reports")
FLOOD_FACTOR = 10  # per address, whatever keys it sends: a brake on invented keys
WINDOW = 60.0
SWEEP_EVERY = 4096  # forget identities back to a full allowance after this many new ones


class Allowance:
    """``limit`` requests per minute for each identity."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.interval = WINDOW / limit
        self.arrival: dict[str, float] = {}
        self.added = 0

    def take(self, identity: str, now: float) -> tuple[bool, float]:
        """Whether a request of ``identity`` at ``now`` is allowed (and counts); and the seconds until the
        allowance is full again (when allowed) or until the next request would be allowed (when not)."""
        earliest = self.arrival.get(identity, now)
        if earliest < now:
            earliest = now
        following = earliest + self.interval
        if following - now > WINDOW + 1e-9:
            return False, following - WINDOW - now
        if identity not in self.arrival:
            self.added += 1
            if self.added % SWEEP_EVERY == 0:
                self.arrival = {who: when for who, when in self.arrival.items() if when > now}
        self.arrival[identity] = following
        return True, following - now

    def remaining(self, reset: float) -> int:
        return max(0, int((WINDOW - reset) / self.interval + 1e-9))


def network_of(address: str) -> str:
    """The client as a rate limit counts it: an IPv4 address, or the /64 network of an IPv6 address (one
    connection usually holds a whole /64, so counting each address would give it millions of allowances)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        mapped = parsed.ipv4_mapped
        return str(mapped) if mapped is not None else str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_identity(scope: Scope, address: str) -> str:
    """The API key (as its digest) on the endpoints that take one, else the client address."""
    if scope["path"].startswith(KEYED):
        for name, value in scope["headers"]:
            if name == b"authorization":
                scheme, _, key = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer" and key.strip():
                    return "key:" + digest(key.strip())[:32]
                break
    return "address:" + address


class RateLimits(ASGIMiddleware):
    """Per key (or address), and per address at ``FLOOD_FACTOR`` times the limit."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, per_minute: int) -> None:
        self.own = Allowance(per_minute)
        self.flood = Allowance(per_minute * FLOOD_FACTOR)
        self.policy = f"{per_minute}; w={int(WINDOW)}"

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not scope["path"].startswith(LIMITED):
            await next_app(scope, receive, send)
            return
        client = scope.get("client")
        address = network_of(client[0] if client else "127.0.0.1")
        now = time.monotonic()
        identity = client_identity(scope, address)
        before = self.own.arrival.get(identity)
        allowed, seconds = self.own.take(identity, now)
        if allowed:
            flood_allowed, flood_seconds = self.flood.take("flood:" + address, now)
            if not flood_allowed:  # refused: the key's own allowance is not spent on it
                allowed, seconds = False, flood_seconds
                if before is None:
                    self.own.arrival.pop(identity, None)
                else:
                    self.own.arrival[identity] = before
        if not allowed:
            wait = str(max(1, math.ceil(seconds)))
            raise TooManyRequestsException(headers={**self._headers(0, wait), "Retry-After": wait})
        extra = encoded(self._headers(self.own.remaining(seconds), str(math.ceil(seconds))))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                with_headers(message, extra)
            await send(message)

        await next_app(scope, receive, send_with_headers)

    def _headers(self, remaining: int, reset: str) -> dict[str, str]:
        return {
            "RateLimit-Policy": self.policy,
            "RateLimit-Limit": str(self.own.limit),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": reset,
        }
