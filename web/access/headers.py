"""Security headers on every answer, and ``Cache-Control: no-store`` on every screen.

The Content-Security-Policy allows scripts, styles and images from this service only: htmx, the kiosk
script and the OpenAPI viewer at /schema are files under /static, there are no inline scripts or handlers.
Style attributes (bar widths) are allowed; style elements are not. HSTS is sent when the request came over TLS
(directly or, with ``X-Forwarded-Proto``, through a proxy listed in ``LOTSE_FORWARDED_ALLOW_IPS``).
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SCREEN_PREFIXES = (
    "/beratung", "/kiosk", "/login", "/logout", "/konto", "/admin", "/steuerung", "/verwaltung", "/anbieter", "/vermittlung"
)  # fmt: skip
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(path: str, tls: bool) -> dict[str, str]:
    """The headers every answer for ``path`` carries."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    }
    if path.startswith(SCREEN_PREFIXES):
        headers["Cache-Control"] = "no-store"
    if tls:
        headers["Strict-Transport-Security"] = HSTS
    return headers


RawHeaders = list[tuple[bytes, bytes]]


def encoded(headers: dict[str, str]) -> RawHeaders:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


def with_headers(message: HTTPResponseStartEvent, extra: RawHeaders) -> None:
    """Set ``extra`` on an ``http.response.start`` message, replacing headers of the same names (one pass over
    the answer's headers, not a search per header)."""
    names = {name for name, _ in extra}
    kept = [(bytes(name), bytes(value)) for name, value in message.get("headers") or [] if name.lower() not in names]
    message["headers"] = kept + extra


class SecurityHeaders(ASGIMiddleware):
    """On every routed answer. Answers for addresses no route matches (404, 405) do not pass app middleware;
    the error handlers (web/problems.py) add the same headers there."""

    scopes = (ScopeType.HTTP,)

    def __init__(self) -> None:
        # (screen, tls) → the encoded headers: built once, not per request.
        self.variants = {(screen, tls): encoded(security_headers(SCREEN_PREFIXES[0] if screen else "/", tls))
                         for screen in (False, True) for tls in (False, True)}  # fmt: skip

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        extra = self.variants[scope["path"].startswith(SCREEN_PREFIXES), scope.get("scheme") == "https"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                with_headers(message, extra)
            await send(message)

        await next_app(scope, receive, send_with_headers)
