"""Shared fixtures: real SQLite files and a real PostgreSQL server, migrated and optionally seeded."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import TestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from models.database import create_engine, session_factory
from tests.postgres import Server, running_server, server_binaries, stoppable_server
from web.access.accounts import add_account
from web.access.keys import create_key
from web.app import create_app
from web.bootstrap import prepare_database
from web.settings import Settings

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_database_numbers = itertools.count()


def _required_server_binaries() -> Path:
    """The PostgreSQL server binaries; without them the test is skipped, or fails where they are required (CI)."""
    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("CI") or os.environ.get("LOTSE_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL server binaries are required here (CI) but none are installed")
        pytest.skip("no PostgreSQL server binaries installed (install Debian's postgresql package)")
    return binaries


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str]:
    with running_server(_required_server_binaries()) as url:
        yield url


@pytest.fixture
def own_postgres() -> Iterator[Server]:
    """A PostgreSQL server of this test alone, so that it can be stopped, started, frozen and thawed."""
    with stoppable_server(_required_server_binaries()) as server:
        yield server


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}"
    base: str = request.getfixturevalue("postgres_base_url")
    name = f"lotse_test_{os.getpid()}_{next(_database_numbers)}"
    asyncio.run(_create_database(base, name))
    return f"{base}/{name}"


async def _create_database(base: str, name: str, template: str | None = None) -> None:
    connection = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    finally:
        await connection.close()


async def _prepare(url: str) -> None:
    engine = create_engine(url)
    try:
        await prepare_database(engine, seed_if_empty=True)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the demo catalogue and a cold-start model, prepared once per test session."""
    path = tmp_path_factory.mktemp("template") / "lotse.db"
    asyncio.run(_prepare(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_base_url: str) -> str:
    name = f"lotse_template_{os.getpid()}"
    asyncio.run(_create_database(postgres_base_url, name))
    asyncio.run(_prepare(f"{postgres_base_url}/{name}"))
    return name


@pytest.fixture(params=BACKENDS)
def seeded_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh copy of the prepared template: demo catalogue seeded, cold-start model trained."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "lotse.db")
        return f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}"
    base: str = request.getfixturevalue("postgres_base_url")
    name = f"lotse_test_{os.getpid()}_{next(_database_numbers)}"
    asyncio.run(_create_database(base, name, template=request.getfixturevalue("postgres_template")))
    return f"{base}/{name}"


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated, empty database."""
    engine = create_engine(database_url)
    await prepare_database(engine, seed_if_empty=False)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings(seeded_database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=seeded_database_url, data_dir=tmp_path, rate_limit_per_minute=100_000, first_purge_seconds=3600
    )


STAFF_PASSWORD = "eine lange Passphrase für Tests"
COUNSELLOR = "beratung-1"


async def add_staff(url: str, name: str, role: str, password: str = STAFF_PASSWORD) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            await add_account(session, name, role, password, actor="test")
    finally:
        await engine.dispose()


async def add_key(url: str, name: str, scopes: list[str]) -> str:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return await create_key(session, name, scopes, actor="test")
    finally:
        await engine.dispose()


def sign_in(client: TestClient, name: str, password: str = STAFF_PASSWORD) -> None:  # type: ignore[type-arg]
    """Sign in through /login as a browser does (CSRF cookie first); later form posts carry the token header."""
    client.get("/login")
    answer = client.post(
        "/login",
        data={"username": name, "password": password, "_csrf_token": client.cookies["csrftoken"]},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    client.headers["x-csrftoken"] = client.cookies["csrftoken"]


def keyed(client: TestClient, headers: dict[str, str]) -> TestClient:  # type: ignore[type-arg]
    """``client`` sending ``headers`` (a partner key) with every request."""
    client.headers.update(headers)
    return client


def https_client(settings: Settings) -> TestClient:  # type: ignore[type-arg]
    """A client over https: session and CSRF cookies are Secure."""
    return TestClient(app=create_app(settings), base_url="https://testserver.local")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """HTTP client on the real application, on a copy of the seeded database with a trained model: signed in
    as a counsellor, and sending a partner key with the scopes plans and feedback."""
    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    key = asyncio.run(add_key(settings.database_url, "partner-1", ["feedback", "plans", "referrals"]))
    with https_client(settings) as test_client:
        sign_in(test_client, COUNSELLOR)
        test_client.headers["Authorization"] = f"Bearer {key}"
        yield test_client


@pytest.fixture
def anonymous(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """A client with no session and no key, over https, on a seeded database with a counsellor account."""
    asyncio.run(add_staff(settings.database_url, COUNSELLOR, "counsellor"))
    with https_client(settings) as test_client:
        yield test_client
