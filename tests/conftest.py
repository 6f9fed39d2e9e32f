"""Shared fixtures: real SQLite files and a real PostgreSQL server, migrated and optionally seeded."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import TestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from models.database import create_engine
from seed.bootstrap import prepare_database
from tests.postgres import running_server, server_binaries
from web.app import create_app
from web.settings import Settings

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_database_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str]:
    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("CI") or os.environ.get("LOTSE_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL server binaries are required here (CI) but none are installed")
        pytest.skip("no PostgreSQL server binaries installed (install Debian's postgresql package)")
    with running_server(binaries) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}"
    base: str = request.getfixturevalue("postgres_base_url")
    name = f"lotse_test_{os.getpid()}_{next(_database_numbers)}"
    asyncio.run(_create_database(base, name))
    return f"{base}/{name}"


async def _create_database(base: str, name: str) -> None:
    connection = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated, empty database."""
    engine = create_engine(database_url)
    await prepare_database(engine, seed_if_empty=False)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """HTTP client on the real application, its database migrated and seeded with the demo catalogue."""
    with TestClient(app=create_app(settings)) as test_client:
        yield test_client
