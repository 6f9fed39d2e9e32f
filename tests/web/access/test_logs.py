"""A database that fails under load leaves no profile value in the logs (``hide_parameters`` on every engine)."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text

from models.database import create_engine

Client = TestClient[Litestar]
PROFILE = {"german_level": "A2", "children_ages": [13, 9], "work": "job_seeking", "housing": "at_risk",
           "months_in_germany": 47, "health": ["trauma"], "district": "rethen", "age": 38}  # fmt: skip
TELLING = ("german_level", "children_ages", "at_risk", "months_in_germany", "trauma", "rethen", "[13, 9]")


async def _break_plans(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE plan RENAME TO plan_gone"))  # the insert with the profile fails
    finally:
        await engine.dispose()


def test_a_failing_database_leaves_no_profile_in_the_logs(
    client: Client, caplog: pytest.LogCaptureFixture, seeded_database_url: str
) -> None:
    asyncio.run(_break_plans(seeded_database_url))
    caplog.set_level(logging.DEBUG)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: client.post("/api/v1/plans", json=PROFILE), range(40)))
    assert {a.status_code for a in answers} == {500}
    assert all(a.json()["detail"].startswith("Something went wrong on our side") for a in answers)
    logged = "\n".join(
        [r.getMessage() for r in caplog.records]
        + [logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info]
    )
    assert 'INSERT INTO "plan"' in logged or "INSERT INTO plan " in logged  # the failing statement is logged…
    assert [word for word in TELLING if word in logged] == []  # …without what the person said
