"""Partner API keys: the plan API needs a key with the scope; a plan belongs to the key that made it; feedback
with an Idempotency-Key is stored once; one current outcome per offer."""

from __future__ import annotations

import asyncio
import time

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select, text

from models.access import AuditEvent
from models.database import create_engine, session_factory
from models.feedback import Feedback
from tests.conftest import add_key
from web.access.keys import revoke_key
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "shared_accommodation"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def _count(url: str, query):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return await session.scalar(query)
    finally:
        await engine.dispose()


async def _revoke(url: str, name: str) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            assert await revoke_key(session, name, actor="test")
    finally:
        await engine.dispose()


@pytest.mark.timed
def test_plans_need_a_valid_key_with_the_scope(anonymous: Client, settings: Settings) -> None:
    missing = anonymous.post("/api/v1/plans", json=PROFILE)
    assert missing.status_code == 401
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in missing.json()["detail"]
    assert anonymous.post("/api/v1/plans", json=PROFILE, headers=bearer("lotse_forged")).status_code == 401
    feedback_only = asyncio.run(add_key(settings.database_url, "feedback-only", ["feedback"]))
    wrong_scope = anonymous.post("/api/v1/plans", json=PROFILE, headers=bearer(feedback_only))
    assert wrong_scope.status_code == 403
    assert wrong_scope.json()["detail"] == "The API key lacks the scope 'plans'."  # as docs/api.md shows it
    key = asyncio.run(add_key(settings.database_url, "partner-a", ["plans"]))
    assert anonymous.post("/api/v1/plans", json=PROFILE, headers=bearer(key)).status_code == 201
    asyncio.run(_revoke(settings.database_url, "partner-a"))
    revoked_at = time.monotonic()
    # Each worker keeps a valid key's partner for LOTSE_RELOAD_SECONDS (web/access/key_cache.py), no longer.
    while anonymous.post("/api/v1/plans", json=PROFILE, headers=bearer(key)).status_code != 401:
        assert time.monotonic() - revoked_at < settings.reload_seconds + 1, "the revoked key still works"
        time.sleep(0.2)


def test_open_data_needs_no_key(anonymous: Client) -> None:
    for path in ("/api/v1/offers", "/api/v1/taxonomy", "/api/v1/hsds/services", "/health", "/ready"):
        assert anonymous.get(path).status_code == 200, path


def test_keys_are_stored_only_as_digests(anonymous: Client, settings: Settings) -> None:
    key = asyncio.run(add_key(settings.database_url, "partner-b", ["plans"]))
    assert key.startswith("lotse_") and len(key) >= 40
    stored = asyncio.run(_count(settings.database_url, text("SELECT key_hash FROM api_key WHERE name = 'partner-b'")))
    assert stored != key and key not in stored and len(stored) == 64


def test_another_keys_plan_does_not_exist(anonymous: Client, settings: Settings) -> None:
    a = bearer(asyncio.run(add_key(settings.database_url, "partner-a", ["feedback", "plans"])))
    b = bearer(asyncio.run(add_key(settings.database_url, "partner-b", ["feedback", "plans"])))
    plan = anonymous.post("/api/v1/plans", json=PROFILE, headers=a).json()
    offer = plan["recommendations"][0]["offer"]["id"]
    assert anonymous.get(f"/api/v1/plans/{plan['plan_id']}", headers=a).json()["plan_id"] == plan["plan_id"]
    assert anonymous.get(f"/api/v1/plans/{plan['plan_id']}", headers=b).status_code == 404
    feedback = {"offer_id": offer, "outcome": "declined"}
    stolen = anonymous.post(f"/api/v1/plans/{plan['plan_id']}/feedback", json=feedback, headers=b)
    assert stolen.status_code == 404
    assert stolen.json()["status"] == 404
    assert asyncio.run(_count(settings.database_url, select(func.count(Feedback.id)))) == 0


def test_a_retried_feedback_is_stored_once(anonymous: Client, settings: Settings) -> None:
    a = bearer(asyncio.run(add_key(settings.database_url, "partner-a", ["feedback", "plans"])))
    plan = anonymous.post("/api/v1/plans", json=PROFILE, headers=a).json()
    offer = plan["recommendations"][0]["offer"]["id"]
    path = f"/api/v1/plans/{plan['plan_id']}/feedback"
    first = anonymous.post(
        path, json={"offer_id": offer, "outcome": "accepted"}, headers={**a, "Idempotency-Key": "r-1"}
    )
    retry = anonymous.post(
        path, json={"offer_id": offer, "outcome": "accepted"}, headers={**a, "Idempotency-Key": "r-1"}
    )
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert asyncio.run(_count(settings.database_url, select(func.count(Feedback.id)))) == 1
    reused = anonymous.post(
        path, json={"offer_id": offer, "outcome": "declined"}, headers={**a, "Idempotency-Key": "r-1"}
    )
    assert reused.status_code == 409
    bad = anonymous.post(
        path, json={"offer_id": offer, "outcome": "declined"}, headers={**a, "Idempotency-Key": "x" * 200}
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_new_outcome_replaces_the_old_and_both_are_audited(anonymous: Client, settings: Settings) -> None:
    a = bearer(asyncio.run(add_key(settings.database_url, "partner-a", ["feedback", "plans"])))
    plan = anonymous.post("/api/v1/plans", json=PROFILE, headers=a).json()
    offer = plan["recommendations"][0]["offer"]["id"]
    path = f"/api/v1/plans/{plan['plan_id']}/feedback"
    for outcome in ("declined", "accepted", "accepted", "completed"):
        assert anonymous.post(path, json={"offer_id": offer, "outcome": outcome}, headers=a).status_code == 201
    rows = asyncio.run(_count(settings.database_url, select(func.count(Feedback.id))))
    current = asyncio.run(_count(settings.database_url, select(Feedback.outcome)))
    audited = select(func.count(AuditEvent.id)).where(AuditEvent.action == "outcome_recorded")
    assert (rows, current) == (1, "completed")
    assert asyncio.run(_count(settings.database_url, audited)) == 4


def test_a_retry_after_a_later_outcome_changes_nothing(anonymous: Client, settings: Settings) -> None:
    a = bearer(asyncio.run(add_key(settings.database_url, "partner-a", ["feedback", "plans"])))
    plan = anonymous.post("/api/v1/plans", json=PROFILE, headers=a).json()
    offer = plan["recommendations"][0]["offer"]["id"]
    path = f"/api/v1/plans/{plan['plan_id']}/feedback"
    first = anonymous.post(
        path, json={"offer_id": offer, "outcome": "accepted"}, headers={**a, "Idempotency-Key": "k1"}
    )
    anonymous.post(path, json={"offer_id": offer, "outcome": "declined"}, headers={**a, "Idempotency-Key": "k2"})
    anonymous.post(path, json={"offer_id": offer, "outcome": "completed"}, headers=a)
    retry = anonymous.post(
        path, json={"offer_id": offer, "outcome": "accepted"}, headers={**a, "Idempotency-Key": "k1"}
    )
    assert retry.json() == first.json()
    assert asyncio.run(_count(settings.database_url, select(Feedback.outcome))) == "completed"
    other = anonymous.post(
        path, json={"offer_id": offer, "outcome": "declined"}, headers={**a, "Idempotency-Key": "k1"}
    )
    assert other.status_code == 409
