"""A bounded number of requests in progress per process: beyond it a request waits briefly, then gets a 503.

Without a bound, a burst queues without end and every answer gets slow; with it, at most
``LOTSE_MAX_CONCURRENT_REQUESTS`` requests run at once in a worker, the next ones wait up to
``LOTSE_QUEUE_WAIT_SECONDS`` for a free slot (first come, first served) and otherwise get
``503 application/problem+json`` with ``Retry-After: 1``. ``/health`` and ``/ready`` are never held back.

A request's body is read before it takes a slot, within ``LOTSE_BODY_TIMEOUT_SECONDS``: a client that sends
its body slowly or never (one of many connections left half-sent) holds no slot, and after that time gets
``408`` and the connection is closed. Otherwise a few such connections would have taken every slot and made
the whole service answer 503.

Programs get both as problem details; a browser on a screen or the kiosk gets the error page in its language
(the kiosk's in the kiosk's look), with the same status and headers.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from web.error_pages import BODY_TOO_SLOW, BUSY, error_page
from web.problems import wants_page

EXEMPT_PATHS = frozenset({"/health", "/ready"})
RETRY_AFTER = "1"
PAGE_TEXTS = {408: BODY_TOO_SLOW, 503: BUSY}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Slots:
    """A counting semaphore whose waiters give up after a time budget (fair: first come, first served)."""

    def __init__(self, limit: int) -> None:
        self.free = limit
        self.waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self, budget: float) -> bool:
        """Take a slot, waiting at most ``budget`` seconds; ``False`` if none became free in time."""
        if self.free > 0 and not self.waiters:
            self.free -= 1
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout(budget):
                await waiter
            return True
        except TimeoutError:
            return self._handed_over(waiter)
        except BaseException:  # the client went away while waiting
            if self._handed_over(waiter):
                self.release()
            raise

    def _handed_over(self, waiter: asyncio.Future[None]) -> bool:
        """Whether a slot reached ``waiter`` just as it gave up (then it is its own to use or release)."""
        if waiter in self.waiters:
            self.waiters.remove(waiter)
        return waiter.done() and not waiter.cancelled()

    def release(self) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes straight to the longest waiting request
                return
        self.free += 1


def _problem(status: int, title: str, detail: str, path: str) -> bytes:
    return msgspec.json.encode(
        {
            "type": f"https://lotse.example/problems/{status}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
        }
    )


def _body_to_read(scope: Scope, limit: int) -> bool:
    """Whether to read the body ahead: a request that may carry one (HTTP/2 sends no Content-Length), unless it
    says it has none or more than the app takes (the app answers that with 413 at once, reading nothing)."""
    length = next((value.strip() for name, value in scope["headers"] if name == b"content-length"), None)
    if length is not None:
        return length.isdigit() and len(length) <= 9 and 0 < int(length) <= limit
    return scope.get("method") in UNSAFE_METHODS or any(name == b"transfer-encoding" for name, _ in scope["headers"])


async def _read_body(receive: Receive, seconds: float, limit: int) -> list[ReceiveMessage] | None:
    """The request's body messages, read within ``seconds`` (up to just over ``limit`` bytes, the most the app
    takes; the rest is left to the app, which refuses it); None if it did not arrive in time. A disconnect is
    kept as the last message."""
    messages: list[ReceiveMessage] = []
    size = 0
    try:
        async with asyncio.timeout(seconds):
            while size <= limit:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request" or not message.get("more_body", False):
                    break
                size += len(message.get("body", b""))
    except TimeoutError:
        return None
    return messages


def _replaying(messages: list[ReceiveMessage], receive: Receive) -> Receive:
    """``receive`` that first gives back the messages already read."""
    pending = list(messages)

    async def replay() -> ReceiveMessage:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


class ConcurrencyLimit(ASGIMiddleware):
    """At most ``limit`` requests in progress; others wait up to ``wait_seconds``, then 503."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, limit: int, wait_seconds: float, body_seconds: float = 10.0, max_body: int = 64 * 1024) -> None:
        self.slots = Slots(limit)
        self.wait_seconds = wait_seconds
        self.body_seconds = body_seconds
        self.max_body = max_body

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["path"] in EXEMPT_PATHS:
            await next_app(scope, receive, send)
            return
        if _body_to_read(scope, self.max_body):
            messages = await _read_body(receive, self.body_seconds, self.max_body)
            if messages is None:
                detail = f"The request body did not arrive within {self.body_seconds:g} seconds."
                await _refuse(scope, send, 408, "Request timeout", detail, {"Connection": "close"})
                return
            if messages and messages[-1]["type"] == "http.disconnect":  # the body ended before it was complete
                detail = "The request body ended before it was complete (the connection was closed while sending)."
                await _answer(send, 400, _problem(400, "Invalid request", detail, scope["path"]),
                              [(b"connection", b"close")])  # fmt: skip
                return  # the application would fail on it with a 500 ("client disconnected prematurely")
            receive = _replaying(messages, receive)
        if not await self.slots.acquire(self.wait_seconds):
            detail = "The service is busy. Please try again in a second."
            await _refuse(scope, send, 503, "Service unavailable", detail, {"Retry-After": RETRY_AFTER})
            return
        try:
            await next_app(scope, receive, send)
        finally:
            self.slots.release()


async def _refuse(scope: Scope, send: Send, status: int, title: str, detail: str, headers: dict[str, str]) -> None:
    """Problem details for programs; for a browser on a screen the error page in its language."""
    request: Request[Any, Any, Any] = Request(scope)
    if wants_page(request):
        page = error_page(request, status, PAGE_TEXTS[status], headers)
        await page.to_asgi_response(None, request)(scope, _nothing_more, send)
        return
    encoded = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    await _answer(send, status, _problem(status, title, detail, scope["path"]), encoded)


async def _nothing_more() -> ReceiveMessage:
    """The body is not read again: the page is sent as the request stands."""
    return {"type": "http.disconnect"}


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()),
               *headers]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
