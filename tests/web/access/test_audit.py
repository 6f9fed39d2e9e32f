"""Every audited action appears once in the audit log, with who did it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import select

from models.access import AuditEvent
from models.database import create_engine, session_factory
from tests.conftest import COUNSELLOR, sign_in
from tests.web.access.test_cli import lotse
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "shared_accommodation"}


async def _events(url: str) -> list[AuditEvent]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return list(await session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    finally:
        await engine.dispose()


def test_each_action_is_audited_once(anonymous: Client, settings: Settings, tmp_path: Path) -> None:
    url = settings.database_url
    before = len(asyncio.run(_events(url)))
    assert lotse(url, tmp_path, "users", "add", "redaktion-2", "--role", "editor", "--password-stdin",
                 stdin="Leinewiesen im Frühling\n").returncode == 0  # fmt: skip
    key = lotse(url, tmp_path, "keys", "create", "partner-x", "--scopes", "plans,feedback").stdout.splitlines()[-1]
    anonymous.get("/login")
    anonymous.post("/login", data={"username": COUNSELLOR, "password": "wrong password here",
                                   "_csrf_token": anonymous.cookies["csrftoken"]})  # fmt: skip
    sign_in(anonymous, COUNSELLOR)
    headers = {"Authorization": f"Bearer {key}"}
    plan = anonymous.post("/api/v1/plans", json=PROFILE, headers=headers).json()
    anonymous.post("/api/v1/plans", json=PROFILE, headers=headers)  # the key's second use today: not audited again
    offer = plan["recommendations"][0]["offer"]["id"]
    anonymous.post(f"/api/v1/plans/{plan['plan_id']}/feedback", json={"offer_id": offer, "outcome": "declined"},
                   headers=headers)  # fmt: skip
    anonymous.post("/logout", data={"_csrf_token": anonymous.cookies["csrftoken"]})
    assert lotse(url, tmp_path, "keys", "revoke", "partner-x").returncode == 0
    assert lotse(url, tmp_path, "users", "disable", "redaktion-2").returncode == 0
    assert lotse(url, tmp_path, "seed").returncode == 0
    assert lotse(url, tmp_path, "purge").returncode == 0

    events = [e for e in asyncio.run(_events(url))[before:] if e.actor != "service"]  # not the daily purge
    actions = [e.action for e in events]
    expected = ["account_added", "key_created", "sign_in_failed", "signed_in", "key_used", "outcome_recorded",
                "signed_out", "key_revoked", "account_disabled", "catalogue_imported", "purged"]  # fmt: skip
    assert actions == expected
    who = {e.action: e.actor for e in events}
    assert who["signed_in"] == f"staff:{COUNSELLOR}" and who["key_used"] == "key:partner-x"
    assert who["outcome_recorded"] == "key:partner-x" and who["account_added"] == "cli"  # was key:<number>
    assert all("german_level" not in str(e.detail) for e in events)
