"""A request that causes each error the OpenAPI document lists, operation by operation (tests/web/test_openapi.py
checks that every documented error is what the server answers)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import add_key
from tests.web.referrals.test_api import remove_offer
from tests.web.unfinished import body_never_arriving
from web.concurrency import ConcurrencyLimit
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "municipal_flat"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def causes_of_errors(
    client: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Callable[[], Any]]:
    """A request that causes each documented error: "METHOD path status" → the call."""
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    plan_path = f"/api/v1/plans/{plan['plan_id']}"
    offer_id = plan["recommendations"][0]["offer"]["id"]
    referral = client.post(f"{plan_path}/referrals", json={"offer_id": offer_id}).json()
    referral_path = f"/api/v1/referrals/{referral['referral_id']}"
    renew = f"{referral_path}/provider-link"
    steering = {"Authorization": "Bearer " + asyncio.run(add_key(settings.database_url, "steering", ["steering"]))}
    unknown_key = {"Authorization": "Bearer not-a-key"}
    big = b'{"x": "' + b"a" * 70_000 + b'"}'
    text = {"content-type": "text/plain"}
    feedback = f"{plan_path}/feedback"
    client.post(feedback, json={"offer_id": offer_id, "outcome": "accepted"}, headers={"Idempotency-Key": "k-1"})

    def offer_gone() -> httpx.Response:
        """A plan's offer that left the catalogue since (the last one, which no other call here uses)."""
        gone = plan["recommendations"][-1]["offer"]["id"]
        asyncio.run(remove_offer(settings.database_url, gone))
        return client.post(f"{plan_path}/referrals", json={"offer_id": gone})

    limit = next(layer for layer in client.app.middleware if isinstance(layer, ConcurrencyLimit))

    def unfinished(method: str, path: str) -> httpx.Response:
        """A body that never arrives (here for 0.2 s): answered 408 before the application reads anything."""
        monkeypatch.setattr(limit, "body_seconds", 0.2)
        return body_never_arriving(client, method, path, [(b"content-type", b"application/json")])

    def without_model(read: bool = False) -> httpx.Response:
        state = client.app.state.matching.state
        monkeypatch.setattr(client.app.state.matching, "state", None)
        try:
            return client.get(plan_path) if read else client.post("/api/v1/plans", json=PROFILE)
        finally:
            monkeypatch.setattr(client.app.state.matching, "state", state)

    async def no_offers(_: object) -> int:
        return 0

    def empty_catalogue() -> httpx.Response:
        monkeypatch.setattr("web.api.health.offer_count", no_offers)
        return client.get("/ready")

    return {
        "GET /ready 503": empty_catalogue,
        "GET /api/v1/taxonomy 400": lambda: client.get("/api/v1/taxonomy", params={"lang": "xx"}),
        "GET /api/v1/offers 400": lambda: client.get("/api/v1/offers", params={"field": "astrology"}),
        "GET /api/v1/offers/{offer_id} 400": lambda: client.get(f"/api/v1/offers/{offer_id}", params={"lang": "x"}),
        "GET /api/v1/offers/{offer_id} 404": lambda: client.get("/api/v1/offers/no-such-offer"),
        "GET /api/v1/hsds/services 400": lambda: client.get("/api/v1/hsds/services", params={"page": 0}),
        "GET /api/v1/hsds/services/{service_id} 404": lambda: client.get("/api/v1/hsds/services/no-such-offer"),
        "GET /api/v1/hsds/organizations 400": lambda: client.get("/api/v1/hsds/organizations", params={"page": 0}),
        "GET /api/v1/hsds/organizations/{organization_id} 400": lambda: client.get(
            "/api/v1/hsds/organizations/wohlfahrt-leine", params={"full_service": "vielleicht"}
        ),
        "GET /api/v1/hsds/organizations/{organization_id} 404": lambda: client.get("/api/v1/hsds/organizations/x"),
        "GET /api/v1/hsds/taxonomies 400": lambda: client.get("/api/v1/hsds/taxonomies", params={"per_page": 0}),
        "GET /api/v1/hsds/taxonomies/{taxonomy_id} 404": lambda: client.get("/api/v1/hsds/taxonomies/x"),
        "GET /api/v1/hsds/taxonomy_terms 400": lambda: client.get("/api/v1/hsds/taxonomy_terms", params={"page": 0}),
        "GET /api/v1/hsds/taxonomy_terms/{term_id} 404": lambda: client.get("/api/v1/hsds/taxonomy_terms/x"),
        "GET /api/v1/hsds/service_at_locations 400": lambda: client.get(
            "/api/v1/hsds/service_at_locations", params={"page": 0}
        ),
        "GET /api/v1/hsds/service_at_locations/{link_id} 404": lambda: client.get(
            "/api/v1/hsds/service_at_locations/x"
        ),
        "POST /api/v1/plans 400": lambda: client.post("/api/v1/plans", json={"work": "nope"}),
        "POST /api/v1/plans 401": lambda: client.post("/api/v1/plans", json=PROFILE, headers=unknown_key),
        "POST /api/v1/plans 403": lambda: client.post("/api/v1/plans", json=PROFILE, headers=steering),
        "POST /api/v1/plans 413": lambda: client.post("/api/v1/plans", content=big),
        "POST /api/v1/plans 415": lambda: client.post("/api/v1/plans", content=b"{}", headers=text),
        "POST /api/v1/plans 503": without_model,
        "GET /api/v1/plans/{plan_id} 401": lambda: client.get(plan_path, headers=unknown_key),
        "GET /api/v1/plans/{plan_id} 403": lambda: client.get(plan_path, headers=steering),
        "GET /api/v1/plans/{plan_id} 404": lambda: client.get(f"/api/v1/plans/{UNKNOWN}"),
        "GET /api/v1/plans/{plan_id} 400": lambda: client.get(plan_path, params={"language": "xx"}),
        "GET /api/v1/plans/{plan_id} 503": lambda: without_model(read=True),
        "POST /api/v1/plans/{plan_id}/feedback 400": lambda: client.post(feedback, json={"outcome": "maybe"}),
        "POST /api/v1/plans/{plan_id}/feedback 401": lambda: client.post(feedback, json={}, headers=unknown_key),
        "POST /api/v1/plans/{plan_id}/feedback 403": lambda: client.post(feedback, json={}, headers=steering),
        "POST /api/v1/plans/{plan_id}/feedback 404": lambda: client.post(
            f"/api/v1/plans/{UNKNOWN}/feedback", json={"offer_id": offer_id, "outcome": "accepted"}
        ),
        "POST /api/v1/plans/{plan_id}/feedback 409": lambda: client.post(
            feedback, json={"offer_id": offer_id, "outcome": "declined"}, headers={"Idempotency-Key": "k-1"}
        ),
        "POST /api/v1/plans/{plan_id}/feedback 413": lambda: client.post(feedback, content=big),
        "POST /api/v1/plans/{plan_id}/feedback 415": lambda: client.post(feedback, content=b"{}", headers=text),
        "POST /api/v1/plans/{plan_id}/referrals 400": lambda: client.post(f"{plan_path}/referrals", json={}),
        "POST /api/v1/plans/{plan_id}/referrals 401": lambda: client.post(
            f"{plan_path}/referrals", json={}, headers=unknown_key
        ),
        "POST /api/v1/plans/{plan_id}/referrals 403": lambda: client.post(
            f"{plan_path}/referrals", json={}, headers=steering
        ),
        "POST /api/v1/plans/{plan_id}/referrals 404": lambda: client.post(
            f"/api/v1/plans/{UNKNOWN}/referrals", json={"offer_id": offer_id}
        ),
        "POST /api/v1/plans/{plan_id}/referrals 409": offer_gone,
        "POST /api/v1/plans/{plan_id}/referrals 413": lambda: client.post(f"{plan_path}/referrals", content=big),
        "POST /api/v1/plans/{plan_id}/referrals 415": lambda: client.post(
            f"{plan_path}/referrals", content=b"{}", headers=text
        ),
        "GET /api/v1/referrals/{referral_id} 401": lambda: client.get(referral_path, headers=unknown_key),
        "GET /api/v1/referrals/{referral_id} 403": lambda: client.get(referral_path, headers=steering),
        "GET /api/v1/referrals/{referral_id} 404": lambda: client.get(f"/api/v1/referrals/{UNKNOWN}"),
        "PATCH /api/v1/referrals/{referral_id} 400": lambda: client.patch(referral_path, json={"status": "gone"}),
        "PATCH /api/v1/referrals/{referral_id} 401": lambda: client.patch(referral_path, json={}, headers=unknown_key),
        "PATCH /api/v1/referrals/{referral_id} 403": lambda: client.patch(referral_path, json={}, headers=steering),
        "PATCH /api/v1/referrals/{referral_id} 404": lambda: client.patch(
            f"/api/v1/referrals/{UNKNOWN}", json={"status": "accepted"}
        ),
        "PATCH /api/v1/referrals/{referral_id} 409": lambda: client.patch(referral_path, json={"status": "completed"}),
        "PATCH /api/v1/referrals/{referral_id} 413": lambda: client.patch(referral_path, content=big),
        "PATCH /api/v1/referrals/{referral_id} 415": lambda: client.patch(referral_path, content=b"{}", headers=text),
        "GET /api/v1/reports/needs 400": lambda: client.get(
            "/api/v1/reports/needs", params={"group_by": "planet"}, headers=steering
        ),
        "GET /api/v1/reports/needs 401": lambda: client.get("/api/v1/reports/needs", headers=unknown_key),
        "GET /api/v1/reports/needs 403": lambda: client.get("/api/v1/reports/needs"),
        "POST /api/v1/plans 408": lambda: unfinished("POST", "/api/v1/plans"),
        "POST /api/v1/plans/{plan_id}/feedback 408": lambda: unfinished("POST", feedback),
        "POST /api/v1/plans/{plan_id}/referrals 408": lambda: unfinished("POST", f"{plan_path}/referrals"),
        "PATCH /api/v1/referrals/{referral_id} 408": lambda: unfinished("PATCH", referral_path),
        # Any operation: a query parameter given twice (the last value would win silently).
        "GET /api/v1/hsds 400": lambda: client.get("/api/v1/hsds?page=1&page=2"),
        "GET /api/v1/hsds/services/{service_id} 400": lambda: client.get(f"/api/v1/hsds/services/{offer_id}?a=1&a=2"),
        "GET /api/v1/hsds/taxonomies/{taxonomy_id} 400": lambda: client.get("/api/v1/hsds/taxonomies/x?a=1&a=2"),
        "GET /api/v1/hsds/taxonomy_terms/{term_id} 400": lambda: client.get("/api/v1/hsds/taxonomy_terms/x?a=1&a=2"),
        "GET /api/v1/hsds/service_at_locations/{link_id} 400": lambda: client.get(
            "/api/v1/hsds/service_at_locations/x?a=1&a=2"
        ),
        "GET /api/v1/referrals/{referral_id} 400": lambda: client.get(f"{referral_path}?a=1&a=2"),
        "POST /api/v1/referrals/{referral_id}/provider-link 400": lambda: client.post(f"{renew}?a=1&a=2"),
        "POST /api/v1/referrals/{referral_id}/provider-link 401": lambda: client.post(renew, headers=unknown_key),
        "POST /api/v1/referrals/{referral_id}/provider-link 403": lambda: client.post(renew, headers=steering),
        "POST /api/v1/referrals/{referral_id}/provider-link 404": lambda: client.post(
            f"/api/v1/referrals/{UNKNOWN}/provider-link"
        ),
    }
