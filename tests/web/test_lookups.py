"""Every lookup on the request paths uses a primary key or an index (issue 12; docs/operations.md): the statements
that partner, counselling and kiosk requests send to PostgreSQL are collected as they run, then each one that
selects, changes or deletes rows by a condition is explained with sequential scans switched off. A condition that
no index can serve still shows a sequential scan then (PostgreSQL only penalises it): that is the failure."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

pytestmark = pytest.mark.postgres
Client = TestClient[Litestar]
PROFILE: dict[str, Any] = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "own_flat"}
SCREEN_PROFILE = {"german_level": "A1", "children_ages": "2", "work": "job_seeking", "housing": "own_flat", "age": "34"}
PROVIDER_LINK = re.compile(r'value="https?://[^"]+/vermittlung/([^"]+)"')


@pytest.fixture
def statements() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The statements (with their parameters) that any engine sends while the test runs."""
    seen: list[tuple[str, tuple[Any, ...]]] = []

    def collect(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool) -> None:
        if not executemany:
            seen.append((statement, tuple(parameters or ())))

    event.listen(Engine, "before_cursor_execute", collect)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", collect)


@pytest.mark.parametrize("seeded_database_url", ["postgresql"], indirect=True)
def test_request_paths_look_rows_up_by_index(client: Client, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    statements.clear()  # what the fixtures' set-up sent is not a request path
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    plan_id, offer_id = plan["plan_id"], plan["recommendations"][0]["offer"]["id"]
    other_offer = plan["recommendations"][1]["offer"]["id"]
    answers = [
        client.get(f"/api/v1/plans/{plan_id}"),
        client.get(f"/api/v1/plans/{plan_id}", params={"language": "ar"}),
        client.post(
            f"/api/v1/plans/{plan_id}/feedback",
            json={"offer_id": offer_id, "outcome": "accepted"},
            headers={"Idempotency-Key": "lookup-test-1"},
        ),
        client.post(f"/api/v1/plans/{plan_id}/referrals", json={"offer_id": other_offer}),
        client.get(f"/api/v1/offers/{offer_id}"),
        client.get("/api/v1/offers", params={"field": "bildung_sprache", "district": "laatzen-mitte"}),
        client.get("/api/v1/hsds/services", params={"per_page": 5}),
        client.get("/beratung/"),
        client.get("/beratung/plaene/"),
        client.get(f"/beratung/angebote/{offer_id}"),
        client.get("/kiosk/de"),
    ]
    referral = answers[3].json()
    address = f"/api/v1/referrals/{referral['referral_id']}"
    answers += [client.get(address), client.patch(address, json={"status": "accepted"})]
    made = client.post("/beratung", data=SCREEN_PROFILE, follow_redirects=False)  # the counselling screen's plan
    assert made.status_code == 303, made.text
    screen_plan = made.headers["location"].split("/beratung/plaene/", 1)[1][:36]
    again = {**SCREEN_PROFILE, "consultation": screen_plan, "plan_language": "ar"}  # looks up the consultation
    assert client.post("/beratung", data=again, follow_redirects=False).status_code == 303
    page = client.get(f"/beratung/plaene/{screen_plan}")
    screen_offer = re.findall(r'name="offer_id" value="([^"]+)"', page.text)[0]
    answers += [
        page,
        client.post(
            f"/beratung/plaene/{screen_plan}/vermittlungen",
            data={"offer_id": screen_offer, "consent": "yes"},
            follow_redirects=False,
        ),
    ]
    provider_link = PROVIDER_LINK.search(client.get(f"/beratung/plaene/{screen_plan}").text)
    assert provider_link, "the plan shows the provider's link"
    answers.append(client.get(f"/vermittlung/{provider_link.group(1)}"))
    assert all(answer.status_code < 400 for answer in answers), [(a.url, a.status_code) for a in answers]

    lookups = {
        (statement, parameters)
        for statement, parameters in statements
        if re.search(r"\bWHERE\b", statement) and statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))
    }
    assert len(lookups) >= 10, lookups  # the requests above did look rows up
    url = str(client.app.state.sessions.kw["bind"].url.render_as_string(hide_password=False))
    scans = asyncio.run(_sequential_scans(url, sorted(lookups)))
    assert not scans, "\n\n".join(f"{table}: {statement}" for statement, table in scans)


async def _sequential_scans(url: str, lookups: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[str, str]]:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute("SET enable_seqscan = off")
        found = []
        for statement, parameters in lookups:
            async with connection.transaction():  # EXPLAIN of an UPDATE or DELETE plans it and changes nothing
                plan = json.loads(await connection.fetchval(f"EXPLAIN (FORMAT JSON) {statement}", *parameters))
            found += [(statement, table) for table in _scanned_tables(plan[0]["Plan"])]
        return found
    finally:
        await connection.close()


def _scanned_tables(node: dict[str, Any]) -> Iterator[str]:
    if node.get("Node Type") == "Seq Scan":
        yield str(node.get("Relation Name"))
    for child in node.get("Plans", []):
        yield from _scanned_tables(child)
