"""A request whose body stops before its end (the client closes its side while sending, or a broken chunked
body) is a 400, never a 500: on a real port, for the API and for a form (hostile-input review: both were 500).
A busy worker (503) and a body that never arrives (408) answer a browser on a screen with a page in its
language, programs with problem details."""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import add_key
from tests.web.faults.serving import Served, serving
from tests.web.unfinished import body_never_arriving
from web.concurrency import ConcurrencyLimit
from web.i18n import gettext_for

Client = TestClient[Litestar]


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


def _full(client: Client, monkeypatch: pytest.MonkeyPatch) -> ConcurrencyLimit:
    """Every slot of the worker taken: the next request waits 10 ms, then is refused as busy."""
    limit = next(layer for layer in client.app.middleware if isinstance(layer, ConcurrencyLimit))
    monkeypatch.setattr(limit.slots, "free", 0)
    monkeypatch.setattr(limit, "wait_seconds", 0.01)
    return limit


@pytest.mark.parametrize(
    ("path", "language", "direction", "says"),
    [("/kiosk/ar", "ar", "rtl", "يستخدم كثير من الناس"), ("/kiosk/uk", "uk", "ltr", "Зараз сервісом користується"),
     ("/beratung", "de", "ltr", "Gerade nutzen sehr viele"), ("/", "de", "ltr", "Gerade nutzen sehr viele")],
)  # fmt: skip
def test_a_busy_service_tells_a_browser_in_its_language_on_a_page(
    anonymous: Client, monkeypatch: pytest.MonkeyPatch, path: str, language: str, direction: str, says: str
) -> None:
    """A kiosk visitor got the middleware's English JSON when the service was busy (review)."""
    _full(anonymous, monkeypatch)
    page = anonymous.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{language}" dir="{direction}">' in page.text and says in page.text
    assert "Content-Security-Policy" in page.headers
    if path != "/":
        assert page.headers["cache-control"] == "no-store"  # a screen's answer is kept nowhere
    if path.startswith("/kiosk"):
        assert "kiosk.js" in page.text  # the idle reset runs on the page too
        again = gettext_for(language)("Try again")
        assert f'<a class="big primary" href="{path}">{again}</a>' in page.text  # not only "back to the start"


def test_head_to_a_busy_kiosk_is_the_same_answer_without_content(
    anonymous: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full(anonymous, monkeypatch)
    answer = anonymous.head("/kiosk/ar", headers={"Accept": "text/html"})
    assert (answer.status_code, answer.headers["retry-after"], answer.content) == (503, "1", b"")
    assert answer.headers["content-type"].startswith("text/html") and int(answer.headers["content-length"]) > 0


def test_a_busy_service_answers_programs_with_problem_details(
    anonymous: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full(anonymous, monkeypatch)
    for answer in (anonymous.get("/api/v1/offers", headers={"Accept": "text/html"}), anonymous.get("/api/v1/taxonomy")):
        assert answer.status_code == 503 and answer.headers["retry-after"] == "1"
        assert answer.headers["content-type"] == "application/problem+json", answer.text[:200]
        assert answer.json()["detail"] == "The service is busy. Please try again in a second."


def test_a_kiosk_form_whose_body_never_arrives_gets_a_page_in_the_kiosks_language(
    anonymous: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = next(layer for layer in anonymous.app.middleware if isinstance(layer, ConcurrencyLimit))
    monkeypatch.setattr(limit, "body_seconds", 0.2)
    answer = body_never_arriving(anonymous, "POST", "/kiosk/ru", [(b"accept", b"text/html"),
                                 (b"content-type", b"application/x-www-form-urlencoded")])  # fmt: skip
    headers, page = answer.headers, answer.text
    assert answer.status_code == 408 and headers["connection"] == "close"
    assert headers["content-type"].startswith("text/html")
    assert '<html lang="ru" dir="ltr">' in page and "Ваши ответы дошли не полностью" in page
    assert 'id="try-again">Попробовать ещё раз</button>' in page  # back to the question, answers kept
