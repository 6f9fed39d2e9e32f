"""``lotse serve --workers 2``: the database is prepared once by the parent, and every worker process picks up a
catalogue change made in the database within 10 seconds (each worker polls on its own)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from models.database import create_engine
from tests.conftest import COUNSELLOR, add_key, add_staff

pytestmark = pytest.mark.timed

PROFILE = {"german_level": "A2", "children_ages": [4], "work": "job_seeking", "housing": "own_flat"}
SUFFIX = " [geändert]"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _titles(node: Any, found: dict[str, str]) -> dict[str, str]:
    """Every offer id in a plan answer with its title."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and isinstance(node.get("title"), str):
            found[node["id"]] = node["title"]
        for value in node.values():
            _titles(value, found)
    elif isinstance(node, list):
        for value in node:
            _titles(value, found)
    return found


async def _retitle(url: str, offer_id: str) -> None:
    """What an editor's change does: new texts and a new catalogue revision, in one transaction."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE offer_text SET title = title || :suffix WHERE offer_id = :id"),
                {"suffix": SUFFIX, "id": offer_id},
            )
            await connection.execute(text("UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1"))
    finally:
        await engine.dispose()


@pytest.fixture
def two_workers(seeded_database_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str], str, int]]:
    key = asyncio.run(add_key(seeded_database_url, "workers-test", ["plans"]))
    port = _free_port()
    env = {
        **os.environ,
        "LOTSE_DATABASE_URL": seeded_database_url,
        "LOTSE_DATA_DIR": str(tmp_path),
        "LOTSE_EXPOSE_WORKER": "true",
        "LOTSE_RELOAD_SECONDS": "1",
        "LOTSE_RATE_LIMIT_PER_MINUTE": "100000",
        "LOTSE_SEED_ON_START": "false",
    }
    log = tmp_path / "serve.log"
    lotse = Path(sys.executable).parent / "lotse"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(lotse), "serve", "--port", str(port), "--workers", "2"], env=env, stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail(f"lotse serve --workers 2 did not become ready:\n{log.read_text()}")
        yield base, {"Authorization": f"Bearer {key}"}, seeded_database_url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Spawning worker-2" in log.read_text()


def _workers(base: str) -> set[str]:
    """The process ids of both workers (each new connection may go to either)."""
    workers: set[str] = set()
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline:
        workers.add(httpx.get(f"{base}/health").headers["x-lotse-worker"])
    assert len(workers) == 2, f"only one worker answered: {workers}"
    return workers


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie nobody reaped has stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_every_worker_serves_a_catalogue_change_within_10_seconds(
    two_workers: tuple[str, dict[str, str], str, int],
) -> None:
    base, headers, url, _ = two_workers
    first = httpx.post(f"{base}/api/v1/plans", json=PROFILE, headers=headers)
    assert first.status_code == 201, first.text
    offer_id = first.json()["recommendations"][0]["offer"]["id"]
    before = _titles(first.json(), {})[offer_id]

    workers = _workers(base)  # both answer, each with its own process id

    asyncio.run(_retitle(url, offer_id))
    changed_at = time.monotonic()
    current: dict[str, float] = {}
    while len(current) < 2 and time.monotonic() - changed_at < 10:
        answer = httpx.post(f"{base}/api/v1/plans", json=PROFILE, headers=headers)
        assert answer.status_code == 201, answer.text
        title = _titles(answer.json(), {}).get(offer_id)
        worker = answer.headers["x-lotse-worker"]
        if title == before + SUFFIX:
            current.setdefault(worker, time.monotonic() - changed_at)
        time.sleep(0.05)
    assert set(current) == workers, f"workers serving the change within 10 s: {current} of {workers}"


def test_a_worker_that_dies_is_replaced(two_workers: tuple[str, dict[str, str], str, int]) -> None:
    """SIGKILL to one worker (as the kernel's out-of-memory killer would): the other goes on serving at once,
    and a new worker takes the dead one's place."""
    base, headers, _, _ = two_workers
    workers = _workers(base)
    victim = sorted(workers)[0]
    os.kill(int(victim), signal.SIGKILL)
    killed = time.monotonic()
    seen: set[str] = set()
    while time.monotonic() - killed < 30 and not (seen - workers):
        try:
            answer = httpx.post(f"{base}/api/v1/plans", json=PROFILE, headers=headers, timeout=5)
        except httpx.TransportError:
            continue  # a connection the dead worker had accepted
        assert answer.status_code == 201, answer.text
        seen.add(answer.headers["x-lotse-worker"])
        time.sleep(0.05)
    assert victim not in seen
    assert seen - workers, f"no new worker within 30 s of the kill: {seen}"


def test_workers_stop_when_their_serving_process_is_killed(two_workers: tuple[str, dict[str, str], str, int]) -> None:
    """SIGKILL to ``lotse serve`` itself: its workers stop within seconds and leave the port (they answered on it
    for good, beside the workers of a replica started again)."""
    base, _, _, serving = two_workers
    workers = {int(pid) for pid in _workers(base)}
    os.kill(serving, signal.SIGKILL)
    killed = time.monotonic()
    while time.monotonic() - killed < 15 and any(_running(pid) for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)], "workers still running 15 s after lotse serve was killed"
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/health", timeout=2)


def test_parallel_guesses_on_both_workers_cannot_outrun_the_throttle(
    two_workers: tuple[str, dict[str, str], str, int],
) -> None:
    """Wrong passwords for one account from one address, sent at once to a service with two workers: no more than
    five are tried; the rest are refused unchecked (429, or 503 for a full line) (each worker took its sign-ins one at a time, but the two
    workers checked the count side by side and both went on: nine of twenty were tried)."""
    base, _, url, _ = two_workers
    asyncio.run(add_staff(url, COUNSELLOR, "counsellor"))

    def guess(_: int) -> tuple[int, str]:
        with httpx.Client(base_url=base, timeout=30) as client:  # a connection of its own: either worker
            token = client.get("/login").cookies["csrftoken"]  # a secure cookie: httpx keeps it from plain HTTP
            form = {"username": COUNSELLOR, "password": "a wrong guess, again", "_csrf_token": token}
            answer = client.post("/login", data=form, headers={"Cookie": f"csrftoken={token}"})
            return answer.status_code, answer.headers["x-lotse-worker"]

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(guess, range(20)))
    statuses = [status for status, _ in answers]
    assert len({worker for _, worker in answers}) == 2, "both workers must have taken guesses"
    # 503: more than eight in one worker's line at once (a flood's answer, "try again in a few seconds")
    assert statuses.count(401) == 5 and statuses.count(429) + statuses.count(503) == 15, statuses
