"""Two replicas (``lotse serve`` processes) on one PostgreSQL; one is killed (SIGKILL) during a stream of
plans, feedback and referrals sent to both in turn: the other keeps serving, and every write that got a 2xx
answer is stored."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from models.database import create_engine, session_factory
from models.feedback import Feedback
from models.plan import Plan
from models.referral import Referral
from tests.conftest import add_key
from tests.web.faults.serving import PROFILE, Served, create_database

pytestmark = [pytest.mark.postgres, pytest.mark.timed]


class Stream:
    """Plan, feedback on its first offer, referral to its second: in turn to each replica, until stopped."""

    def __init__(self, bases: list[str], key: str) -> None:
        self.clients = [httpx.Client(base_url=b, headers={"Authorization": f"Bearer {key}"}, timeout=10) for b in bases]
        self.acknowledged: dict[str, list[Any]] = {"plan": [], "feedback": [], "referral": []}
        self.answers: list[tuple[int, float, int]] = []  # replica, time, status (0: no answer)
        self.stop = threading.Event()

    def _send(self, replica: int, kind: str, path: str, body: dict[str, Any], id_field: str) -> Any:
        try:
            answer = self.clients[replica].post(path, json=body)
        except httpx.TransportError:
            self.answers.append((replica, time.monotonic(), 0))
            return None
        self.answers.append((replica, time.monotonic(), answer.status_code))
        if answer.is_success:
            self.acknowledged[kind].append(answer.json()[id_field])
            return answer.json()
        return None

    def run(self) -> None:
        turn = 0
        while not self.stop.is_set():
            replica = turn % 2
            turn += 1
            plan = self._send(replica, "plan", "/api/v1/plans", PROFILE, "plan_id")
            if plan is None:
                continue
            offers = [r["offer"]["id"] for r in plan["recommendations"]]
            base = f"/api/v1/plans/{plan['plan_id']}"
            self._send(replica, "feedback", f"{base}/feedback", {"offer_id": offers[0], "outcome": "accepted"},
                       "feedback_id")  # fmt: skip
            self._send(replica, "referral", f"{base}/referrals", {"offer_id": offers[1]}, "referral_id")


def _wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()


def _after(stream: Stream, replica: int, moment: float) -> list[int]:
    """The statuses that ``replica`` answered after ``moment`` (0: no answer)."""
    return [status for which, when, status in list(stream.answers) if which == replica and when > moment]


async def _stored(url: str, stream: Stream) -> dict[str, int]:
    engine = create_engine(url)
    tables = {"plan": (Plan, Plan.id), "feedback": (Feedback, Feedback.id), "referral": (Referral, Referral.id)}
    try:
        async with session_factory(engine)() as session:
            found = {}
            for kind, (_, column) in tables.items():
                query = select(func.count()).where(column.in_(stream.acknowledged[kind]))
                found[kind] = int(await session.scalar(query) or 0)
            return found
    finally:
        await engine.dispose()


def test_killing_one_replica_loses_no_acknowledged_write(
    postgres_base_url: str, postgres_template: str, tmp_path: Path
) -> None:
    url = create_database(postgres_base_url, f"lotse_replicas_{os.getpid()}", template=postgres_template)
    key = asyncio.run(add_key(url, "replica-test", ["plans", "feedback", "referrals"]))
    replicas = [Served(url, tmp_path / name) for name in ("first", "second")]
    try:
        for replica in replicas:
            replica.wait_ready()
        stream = Stream([r.base for r in replicas], key)
        sender = threading.Thread(target=stream.run)
        sender.start()
        _wait_for(lambda: len(stream.acknowledged["feedback"]) >= 6)  # writes to both replicas
        replicas[0].kill()
        killed = time.monotonic()
        _wait_for(lambda: len(_after(stream, 1, killed)) >= 9)  # the survivor goes on serving
        stream.stop.set()
        sender.join(timeout=20)
    finally:
        for replica in replicas:
            replica.stop()
    stored = asyncio.run(_stored(url, stream))
    acknowledged = {kind: len(ids) for kind, ids in stream.acknowledged.items()}
    print(f"replicas: acknowledged {acknowledged}, stored {stored}")
    assert stored == acknowledged
    after = _after(stream, 1, killed)
    assert len(after) >= 9 and all(200 <= status < 300 for status in after), after
    assert 0 in _after(stream, 0, killed)  # the killed one no longer answers
    assert acknowledged["feedback"] >= 6 and acknowledged["referral"] >= 6
