"""Replicas pick up a model that ``lotse train`` promoted in another process, within 10 seconds."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from litestar.testing import TestClient

from seed.hsds.vocabulary import service_uuid
from tests.conftest import add_key, keyed
from web.app import create_app
from web.settings import Settings

pytestmark = pytest.mark.timed

PROFILE = {"german_level": "A2", "children_ages": [], "work": "job_seeking", "housing": "own_flat"}


def test_two_replicas_serve_the_newly_promoted_model_within_10_seconds(
    seeded_database_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=seeded_database_url, data_dir=tmp_path, reload_seconds=1.0)
    headers = {"Authorization": f"Bearer {asyncio.run(add_key(seeded_database_url, 'reload-test', ['plans']))}"}
    with (
        keyed(TestClient(create_app(settings)), headers) as first,
        keyed(TestClient(create_app(settings)), headers) as second,
    ):
        before = first.post("/api/v1/plans", json=PROFILE).json()["model_version"]
        assert second.post("/api/v1/plans", json=PROFILE).json()["model_version"] == before

        env = {**os.environ, "LOTSE_DATABASE_URL": seeded_database_url}
        lotse = Path(sys.executable).parent / "lotse"
        trained = subprocess.run(
            [str(lotse), "train", "--profiles", "300", "--force"], env=env, capture_output=True, text=True, timeout=120
        )
        assert trained.returncode == 0, trained.stderr
        assert "Promoted" in trained.stdout
        promoted_at = time.monotonic()

        seen: dict[str, float] = {}
        while len(seen) < 2 and time.monotonic() - promoted_at < 10:
            for name, replica in (("first", first), ("second", second)):
                if name not in seen and replica.post("/api/v1/plans", json=PROFILE).json()["model_version"] > before:
                    seen[name] = time.monotonic() - promoted_at
            time.sleep(0.2)
    assert set(seen) == {"first", "second"}, f"not picked up within 10 s: {seen}"
    assert max(seen.values()) < 10


def test_a_running_service_sees_an_imported_catalogue_change(seeded_database_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=seeded_database_url, data_dir=tmp_path, reload_seconds=0.5)
    headers = {"Authorization": f"Bearer {asyncio.run(add_key(seeded_database_url, 'reload-test', ['plans']))}"}
    env = {**os.environ, "LOTSE_DATABASE_URL": seeded_database_url}
    lotse = str(Path(sys.executable).parent / "lotse")
    body = {**PROFILE, "housing": "homeless"}
    with keyed(TestClient(create_app(settings)), headers) as client:
        shown = [r["offer"]["id"] for r in client.post("/api/v1/plans", json=body).json()["recommendations"]]
        exported = tmp_path / "catalogue.json"
        subprocess.run([lotse, "export", str(exported)], env=env, check=True, capture_output=True)
        document = json.loads(exported.read_text())
        document["contents"] = [s for s in document["contents"] if s["id"] != service_uuid(shown[0])]
        exported.write_text(json.dumps(document))
        subprocess.run([lotse, "import", "--replace", str(exported)], env=env, check=True, capture_output=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            now = [r["offer"]["id"] for r in client.post("/api/v1/plans", json=body).json()["recommendations"]]
            if shown[0] not in now:
                break
            time.sleep(0.2)
    assert shown[0] not in now
