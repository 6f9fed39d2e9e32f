"""PostgreSQL stopped under a running service: 503 problem+json within 2 s instead of 500 or a hanging request,
a handful of log lines for the whole outage, and service again within 5 s of PostgreSQL's return, without a
restart of Lotse."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import add_key
from tests.postgres import Server
from tests.web.faults.serving import PROFILE, create_database, prepare_copy, serving

pytestmark = [pytest.mark.postgres, pytest.mark.timed]
OUTAGE_SECONDS = 4.0


def _problem_503(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert int(answer.headers["retry-after"]) >= 1
    body = answer.json()
    assert body["status"] == 503 and body["title"] and body["detail"] and body["type"].startswith("https://")


def test_an_outage_answers_503_quietly_and_service_resumes_after_it(
    own_postgres: Server, sqlite_template: Path, tmp_path: Path
) -> None:
    url = create_database(own_postgres.url, "lotse")
    asyncio.run(prepare_copy(url, f"sqlite+aiosqlite:///{sqlite_template}"))
    headers = {"Authorization": f"Bearer {asyncio.run(add_key(url, 'outage-test', ['plans']))}"}
    with serving(url, tmp_path, {"LOTSE_RELOAD_SECONDS": "1"}) as lotse, httpx.Client(base_url=lotse.base) as client:
        assert client.post("/api/v1/plans", json=PROFILE, headers=headers).status_code == 201
        before = len(lotse.lines)
        own_postgres.stop("fast")
        stopped = time.monotonic()
        slowest, answers, dropped = 0.0, 0, []
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            requests: list[Callable[[], httpx.Response]] = [
                lambda: client.get("/ready", timeout=10),
                lambda: client.post("/api/v1/plans", json=PROFILE, headers=headers, timeout=10),
            ]
            for request in requests:
                started = time.monotonic()
                try:
                    answer = request()
                except httpx.TransportError as error:
                    # Seen once in ten runs: the worker closed one connection without an answer during the
                    # outage (issue 12, still open). Tolerated once, with the server's log for the next look.
                    dropped.append(f"{error!r}\n" + "\n".join(lotse.lines[-20:]))
                    continue
                slowest = max(slowest, time.monotonic() - started)
                _problem_503(answer)
                answers += 1
        screen = client.get("/beratung", headers={"Cookie": "lotse_session=a-session-token"}, timeout=10)
        assert screen.status_code == 503 and screen.headers["content-type"].startswith("text/html")
        assert screen.headers["retry-after"]
        outage_lines = lotse.lines[before:]

        own_postgres.start()
        restarted = time.monotonic()
        while time.monotonic() - restarted < 10:
            ready = client.get("/ready", timeout=10)
            made = client.post("/api/v1/plans", json=PROFILE, headers=headers, timeout=10)
            if ready.status_code == 200 and made.status_code == 201:
                break
            time.sleep(0.1)
        recovered = time.monotonic() - restarted
        time.sleep(0.5)
        after_lines = lotse.lines[before + len(outage_lines) :]
    print(f"outage: {answers} answers, slowest {slowest:.3f} s, {len(outage_lines)} log lines; "
          f"recovered in {recovered:.2f} s")  # fmt: skip
    assert slowest < 2, slowest
    assert answers > 20
    assert len(dropped) <= 1, "\n\n".join(dropped)
    if dropped:
        print("one connection dropped during the outage:", dropped[0])
    assert 1 <= len(outage_lines) <= 5 + len(dropped), "\n".join(outage_lines)
    assert not any("Traceback" in line for line in outage_lines)
    assert ready.status_code == 200 and made.status_code == 201, (ready.text, made.text)
    assert recovered < 5, recovered
    assert sum("answers again" in line for line in after_lines) == 1, "\n".join(after_lines)
