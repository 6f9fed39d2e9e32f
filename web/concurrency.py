"""A bounded number of requests in progress per process: beyond it a request waits briefly, then gets a 503.

Without a bound, a burst queues without end and every answer gets slow; with it, at most
``LOTSE_MAX_CONCURRENT_REQUESTS`` requests run at once in a worker, the next ones wait up to
``LOTSE_QUEUE_WAIT_SECONDS`` for a free slot (first come, first served) and otherwise get
``503 application/problem+json`` with ``Retry-After: 1``. ``/health`` and ``/ready`` are never held back.
"""

from __future__ import annotations

import asyncio
from collections import deque

import msgspec
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

EXEMPT_PATHS = frozenset({"/health", "/ready"})
RETRY_AFTER = b"1"


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


def _busy_body(path: str) -> bytes:
    return msgspec.json.encode(
        {
            "type": "https://lotse.example/problems/503",
            "title": "Service unavailable",
            "status": 503,
            "detail": "The service is busy. Please try again in a second.",
            "instance": path,
        }
    )


class ConcurrencyLimit(ASGIMiddleware):
    """At most ``limit`` requests in progress; others wait up to ``wait_seconds``, then 503."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, limit: int, wait_seconds: float) -> None:
        self.slots = Slots(limit)
        self.wait_seconds = wait_seconds

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["path"] in EXEMPT_PATHS:
            await next_app(scope, receive, send)
            return
        if not await self.slots.acquire(self.wait_seconds):
            await self._busy(scope, send)
            return
        try:
            await next_app(scope, receive, send)
        finally:
            self.slots.release()

    @staticmethod
    async def _busy(scope: Scope, send: Send) -> None:
        body = _busy_body(scope["path"])
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", RETRY_AFTER),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})
