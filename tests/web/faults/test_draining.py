"""SIGTERM drains: a request already being received when ``lotse serve`` is told to stop is answered in full
(and its plan stored) before the service ends; the service then ends by itself, with exit status 0."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import select

from models.database import create_engine, session_factory
from models.plan import Plan
from tests.conftest import add_key
from tests.web.faults.serving import PROFILE, Served, create_database

pytestmark = [pytest.mark.postgres, pytest.mark.timed]


def _answer(connection: socket.socket) -> tuple[int, bytes]:
    """Status and body of one HTTP/1.1 answer with a Content-Length."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        assert chunk, f"the connection closed without an answer: {received!r}"
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    while len(body) < length:
        chunk = connection.recv(65536)
        assert chunk, "the connection closed in the middle of the answer"
        body += chunk
    return int(lines[0].split()[1]), body


async def _stored(url: str, plan_id: str) -> bool:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return await session.scalar(select(Plan.id).where(Plan.id == plan_id)) is not None
    finally:
        await engine.dispose()


def test_sigterm_answers_the_request_in_flight_then_ends(
    postgres_base_url: str, postgres_template: str, tmp_path: Path
) -> None:
    url = create_database(postgres_base_url, f"lotse_draining_{os.getpid()}", template=postgres_template)
    key = asyncio.run(add_key(url, "draining-test", ["plans"]))
    served = Served(url, tmp_path)
    try:
        served.wait_ready()
        body = msgspec.json.encode(PROFILE)
        head = (
            f"POST /api/v1/plans HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", served.port), timeout=30) as connection:
            connection.sendall(head + body[:10])  # the request has begun: headers and part of the body
            time.sleep(0.5)
            served.process.send_signal(signal.SIGTERM)
            stopping = time.monotonic()
            time.sleep(1.0)
            assert served.process.poll() is None, "the service ended with a request in flight"
            connection.sendall(body[10:])
            status, answer = _answer(connection)
        assert status == 201, answer
        plan_id = msgspec.json.decode(answer)["plan_id"]
        served.process.wait(timeout=30)
        ended_after = time.monotonic() - stopping
        print(f"draining: the request in flight answered 201, the service ended {ended_after:.1f} s after SIGTERM")
        assert served.process.returncode == 0, "\n".join(served.lines)
        assert asyncio.run(_stored(url, plan_id))
    finally:
        served.stop()
