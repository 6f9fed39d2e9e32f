"""Rate limits: per key on the API, per address on open endpoints and /login; 429 problem+json with Retry-After."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.exceptions import TooManyRequestsException
from litestar.testing import TestClient

from tests.conftest import add_key
from web.access.limits import FLOOD_FACTOR, RateLimits, client_identity
from web.app import create_app
from web.settings import Settings

pytestmark = pytest.mark.timed  # the allowance refills with time: the counts hold when nothing else slows the run

Client = TestClient[Litestar]
LIMIT = 5
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "shared_accommodation"}


@pytest.fixture
def limited(seeded_database_url: str, tmp_path: Path) -> Iterator[tuple[Client, Settings]]:
    settings = Settings(database_url=seeded_database_url, data_dir=tmp_path, rate_limit_per_minute=LIMIT)
    with TestClient(app=create_app(settings), base_url="https://testserver.local") as client:
        yield client, settings


def test_over_the_limit_is_a_429_problem_with_retry_after(limited: tuple[Client, Settings]) -> None:
    client, _ = limited
    answers = [client.get("/api/v1/offers") for _ in range(LIMIT + 1)]
    assert [a.status_code for a in answers] == [200] * LIMIT + [429]
    over = answers[-1]
    assert over.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(over.headers["retry-after"]) <= 60
    assert msgspec.json.decode(over.content)["status"] == 429


def test_health_and_ready_are_never_limited(limited: tuple[Client, Settings]) -> None:
    client, _ = limited
    for _ in range(3 * LIMIT):
        assert client.get("/health").status_code == 200
        assert client.get("/ready").status_code == 200


def test_each_key_has_its_own_allowance(limited: tuple[Client, Settings]) -> None:
    client, settings = limited
    first = {"Authorization": f"Bearer {asyncio.run(add_key(settings.database_url, 'partner-a', ['plans']))}"}
    second = {"Authorization": f"Bearer {asyncio.run(add_key(settings.database_url, 'partner-b', ['plans']))}"}
    assert [client.post("/api/v1/plans", json=PROFILE, headers=first).status_code for _ in range(LIMIT + 1)] == [
        *[201] * LIMIT,
        429,
    ]
    assert client.post("/api/v1/plans", json=PROFILE, headers=second).status_code == 201
    assert client.get("/api/v1/offers").status_code == 200  # the address without a key is counted apart


@pytest.mark.parametrize("path", ["/api/v1/referrals/no-such-referral", "/api/v1/reports/needs"])
def test_every_keyed_endpoint_counts_per_key(limited: tuple[Client, Settings], path: str) -> None:
    client, settings = limited
    scopes = ["referrals", "steering"]
    first = {"Authorization": f"Bearer {asyncio.run(add_key(settings.database_url, 'partner-a', scopes))}"}
    second = {"Authorization": f"Bearer {asyncio.run(add_key(settings.database_url, 'partner-b', scopes))}"}
    assert [client.get(path, headers=first).status_code for _ in range(LIMIT + 1)][-1] == 429
    assert client.get(path, headers=second).status_code != 429  # one partner's use is not another's limit


def test_sign_in_attempts_are_limited_per_address(limited: tuple[Client, Settings]) -> None:
    client, _ = limited
    statuses = [client.get("/login").status_code for _ in range(LIMIT + 1)]
    assert statuses[-1] == 429
    assert client.get("/kiosk").status_code == 200  # the kiosk is not limited


def test_invented_keys_buy_no_extra_requests(limited: tuple[Client, Settings]) -> None:
    client, _ = limited
    logins = [
        client.get("/login", headers={"Authorization": f"Bearer made-up-{i}"}).status_code for i in range(LIMIT + 1)
    ]
    assert logins[-1] == 429  # /login counts per address, whatever key is sent
    plans = [
        client.post("/api/v1/plans", json=PROFILE, headers={"Authorization": f"Bearer lotse_{i:043d}"}).status_code
        for i in range(10 * LIMIT + 1)
    ]
    # and ten times the limit per address in all, the sign-in page included
    assert plans.count(401) == 10 * LIMIT - logins.count(200) and set(plans[plans.index(429) :]) == {429}


def test_a_request_the_address_limit_refuses_costs_the_key_nothing() -> None:
    limits = RateLimits(2)
    scope = {"type": "http", "path": "/api/v1/plans", "client": ("10.0.0.1", 1),
             "headers": [(b"authorization", b"Bearer lotse_partner")]}  # fmt: skip
    identity = client_identity(scope, "10.0.0.1")  # type: ignore[arg-type]
    for _ in range(2 * FLOOD_FACTOR):  # other keys of the same address use up its allowance
        limits.flood.take("flood:10.0.0.1", time.monotonic())

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("refused requests do not reach the application")

    with pytest.raises(TooManyRequestsException):
        asyncio.run(limits.handle(scope, None, None, app))  # type: ignore[arg-type]
    assert identity not in limits.own.arrival


def test_an_ipv6_client_counts_as_its_64_network() -> None:
    """Each of the millions of addresses of one IPv6 connection (a /64) had an allowance of its own (hostile-input
    review); the addresses of one /64 now share one, other networks keep theirs."""
    limits = RateLimits(2)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def sent(address: str) -> int:
        scope = {"type": "http", "path": "/api/v1/offers", "client": (address, 1), "headers": []}
        try:
            await limits.handle(scope, None, lambda message: asyncio.sleep(0), app)  # type: ignore[arg-type]
        except TooManyRequestsException:
            return 429
        return 200

    async def run() -> list[int]:
        same = [await sent(f"2001:db8:1:2::{n:x}") for n in range(1, 4)]
        return [*same, await sent("2001:db8:1:3::1"), await sent("::ffff:192.0.2.1"), await sent("192.0.2.1")]

    assert asyncio.run(run()) == [200, 200, 429, 200, 200, 200]  # ::ffff:192.0.2.1 is 192.0.2.1
