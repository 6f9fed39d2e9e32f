"""A request whose body stops before its end (the client closes its side while sending, or a broken chunked
body) is a 400, never a 500: on a real port, for the API and for a form (hostile-input review: both were 500)."""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import add_key
from tests.web.faults.serving import Served, serving


@pytest.fixture(scope="module")
def served(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    """``lotse serve`` (Granian) on a copy of the seeded database, and a partner key."""
    folder = tmp_path_factory.mktemp("bodies")
    shutil.copy(sqlite_template, folder / "lotse.db")
    url = f"sqlite+aiosqlite:///{folder / 'lotse.db'}"
    key = asyncio.run(add_key(url, "bodies", ["plans"]))
    with serving(url, folder) as lotse:
        yield lotse, key


def _send_half(port: int, request: bytes) -> bytes:
    """Send ``request``, close the sending side, read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    ("path", "media_type", "body"),
    [("/api/v1/plans", "application/json", b'{"german_level": "A1", "chil'),
     ("/login", "application/x-www-form-urlencoded", b"username=x"),
     ("/kiosk/de", "application/x-www-form-urlencoded", b"step=0")],
)  # fmt: skip
def test_a_body_that_stops_before_its_length_is_a_400(
    served: tuple[Served, str], path: str, media_type: str, body: bytes
) -> None:
    lotse, key = served
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {media_type}\r\n"
            f"Authorization: Bearer {key}\r\nContent-Length: 100\r\n\r\n")  # fmt: skip
    answer = _send_half(lotse.port, head.encode() + body)
    status = answer.split(b"\r\n", 1)[0]
    assert status == b"HTTP/1.1 400 Bad Request", answer[:300]
    assert b"ended before it was complete" in answer
    assert not [line for line in lotse.lines if "Traceback" in line or " 500 " in line]


def test_a_broken_chunked_body_is_a_400(served: tuple[Served, str]) -> None:
    lotse, key = served
    head = (f"POST /api/v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {key}\r\nTransfer-Encoding: chunked\r\n\r\n")  # fmt: skip
    answer = _send_half(lotse.port, head.encode() + b"zz\r\nabc\r\n0\r\n\r\n")
    assert answer.split(b"\r\n", 1)[0] in (b"HTTP/1.1 400 Bad Request", b""), answer[:300]  # or closed unanswered
