"""More requests at once than the concurrency limit: the excess waits briefly, then gets 503 with Retry-After;
never a 500; /health and /ready are not held back. And the limit itself (web.concurrency.Slots)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest
import uvicorn

from tests.conftest import add_key
from tests.web.faults.serving import PROFILE, free_port
from web.app import create_app
from web.concurrency import Slots, _body_to_read
from web.settings import Settings

pytestmark = pytest.mark.timed

CLIENTS = 48


@pytest.fixture
def served(settings: Settings) -> Iterator[str]:
    """The app on a real port (uvicorn in a thread), two requests at a time, waiting at most 50 ms for a slot;
    a request body has one second to arrive."""
    limited = msgspec.structs.replace(settings, max_concurrent_requests=2, queue_wait_seconds=0.05,
                                      body_timeout_seconds=1)  # fmt: skip
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(limited), port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


async def _burst(base: str, key: str) -> tuple[Counter[int], list[httpx.Response], list[int]]:
    limits = httpx.Limits(max_connections=CLIENTS + 4)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        headers = {"Authorization": f"Bearer {key}"}
        plans = [client.post("/api/v1/plans", json=PROFILE, headers=headers) for _ in range(CLIENTS)]
        probes = [client.get(path) for path in ("/health", "/ready") for _ in range(3)]
        answers = await asyncio.gather(*plans, *probes)
    plan_answers = list(answers[:CLIENTS])
    return Counter(a.status_code for a in plan_answers), plan_answers, [a.status_code for a in answers[CLIENTS:]]


def test_a_burst_beyond_the_limit_gets_503_with_retry_after_and_no_500(served: str, settings: Settings) -> None:
    key = asyncio.run(add_key(settings.database_url, "burst", ["plans"]))
    statuses, answers, probes = asyncio.run(_burst(served, key))
    print(f"overload: {dict(statuses)} of {CLIENTS} plans at once")
    assert set(statuses) <= {201, 503}, statuses
    assert statuses[503] > 0 and statuses[201] >= 2
    busy = [a for a in answers if a.status_code == 503]
    assert all(a.headers["retry-after"] == "1" for a in busy)
    assert all(a.headers["content-type"].startswith("application/problem+json") for a in busy)
    assert busy[0].json()["status"] == 503 and busy[0].json()["detail"]
    assert "Content-Security-Policy" in busy[0].headers  # the security headers too
    assert probes == [200] * 6  # the health endpoints are never held back


async def _slots_behave() -> None:
    slots = Slots(2)
    assert await slots.acquire(0) and await slots.acquire(0)
    assert not await slots.acquire(0.01)  # full: gives up after its budget
    waiting = asyncio.create_task(slots.acquire(1))
    await asyncio.sleep(0.01)
    slots.release()  # passes straight to the waiter
    assert await waiting
    assert slots.free == 0 and not slots.waiters
    slots.release()
    slots.release()
    assert slots.free == 2
    cancelled = asyncio.create_task(Slots(0).acquire(5))
    await asyncio.sleep(0.01)
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled


UNFINISHED = (b"POST /kiosk/de HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 1000\r\n\r\nstep=0")  # fmt: skip


def _until_closed(connection: socket.socket) -> bytes:
    connection.settimeout(10)
    received = b""
    while chunk := connection.recv(4096):
        received += chunk
    return received


def test_unfinished_bodies_hold_no_slot_and_get_408(served: str) -> None:
    """Connections that never finish their body (three times the limit of two) were holding every slot: the
    whole service answered 503 while they stayed open. Now the others are served and the slow ones get 408."""
    port = int(served.rsplit(":", 1)[1])
    slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(6)]
    for connection in slow:
        connection.sendall(UNFINISHED)
    time.sleep(0.3)  # well inside the body timeout: all six are waiting for the rest of their bodies
    sent = time.monotonic()
    offers = httpx.get(f"{served}/api/v1/offers", timeout=5)
    assert offers.status_code == 200, offers.text[:300]
    answers = [_until_closed(connection) for connection in slow]  # then the service closes them
    waited = time.monotonic() - sent
    for connection in slow:
        connection.close()
    for answer in answers:
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"text/html" in answer and "Ihre Angaben sind nicht vollständig angekommen".encode() in answer
    assert waited < 3
    assert httpx.get(f"{served}/api/v1/offers", timeout=5).status_code == 200


def test_a_body_declared_too_large_is_refused_at_once(served: str) -> None:
    """The read-ahead takes no more than the app accepts: a body declared over 64 KB is not read (and held in
    memory) first, but answered 413 at once, as before."""
    port = int(served.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(UNFINISHED.replace(b"Content-Length: 1000", b"Content-Length: 2000000"))
        started = time.monotonic()
        connection.settimeout(5)
        answer = connection.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert time.monotonic() - started < 0.9  # not after the body timeout of one second


@pytest.mark.parametrize(
    ("method", "headers", "read"),
    [
        ("POST", [], True),  # HTTP/2: no Content-Length, the body comes in frames
        ("PUT", [(b"transfer-encoding", b"chunked")], True),
        ("POST", [(b"content-length", b"1000")], True),
        ("POST", [(b"content-length", b"0")], False),
        ("POST", [(b"content-length", b"2000000")], False),  # over the limit: the app refuses it unread
        ("POST", [(b"content-length", b"0000000000000001000")], False),
        ("GET", [], False),
    ],
)
def test_which_bodies_are_read_ahead(method: str, headers: list[tuple[bytes, bytes]], read: bool) -> None:
    scope: Any = {"type": "http", "method": method, "headers": headers}
    assert _body_to_read(scope, 64 * 1024) is read


def test_slots_wait_within_their_budget_and_are_handed_on_in_order() -> None:
    asyncio.run(_slots_behave())
