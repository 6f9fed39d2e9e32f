"""The workers' application factory (``web.server:app``): forwarded headers only from trusted proxies, and the
worker header only when asked for. /health needs no database, so no lifespan runs here."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from web.server import app


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in [name for name in os.environ if name.startswith("LOTSE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("LOTSE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LOTSE_SECRET_KEY", "a test key of some length")
    monkeypatch.setenv("LOTSE_FORWARDED_ALLOW_IPS", "10.0.0.2")
    return monkeypatch


async def _health(client_address: str, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(), client=(client_address, 50000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://lotse.test") as client:
        return await client.get("/health", headers=headers)


async def test_https_from_a_trusted_proxy_counts(environment: pytest.MonkeyPatch) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    trusted = await _health("10.0.0.2", forwarded)
    assert trusted.status_code == 200
    assert "strict-transport-security" in trusted.headers
    stranger = await _health("10.0.0.3", forwarded)
    assert "strict-transport-security" not in stranger.headers
    assert "x-lotse-worker" not in stranger.headers


async def test_the_worker_header_only_when_asked_for(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("LOTSE_EXPOSE_WORKER", "true")
    answer = await _health("10.0.0.3", {})
    assert answer.headers["x-lotse-worker"] == str(os.getpid())
