"""The real application on a fresh database for the benchmarks: SQLite in a temporary folder, or a throw-away
PostgreSQL server (``tests/postgres.py``), seeded with the demo catalogue and the cold-start model, with a
partner key, driven in process (Litestar's test client, or httpx's ASGI transport in the caller's event loop)."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, cast

import asyncpg
import httpx
import msgspec
import numpy as np
from litestar.testing import TestClient

from matcher.synthetic import synthetic_profile
from models.database import create_engine, session_factory
from tests.postgres import running_server, server_binaries
from web.access.keys import create_key
from web.app import create_app
from web.bootstrap import prepare_database
from web.settings import Settings


async def _prepare(url: str) -> str:
    """Migrate and seed ``url``; a partner key with the scopes plans and feedback."""
    engine = create_engine(url)
    try:
        await prepare_database(engine, seed_if_empty=True)
        async with session_factory(engine)() as session:
            return await create_key(session, "bench", ["plans", "feedback"], actor="bench")
    finally:
        await engine.dispose()


async def _create_database(base: str, name: str) -> None:
    connection = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


@contextlib.contextmanager
def database(backend: str) -> Iterator[tuple[str, Path]]:
    """A fresh database URL of ``backend`` ("sqlite" or "postgresql") and a data folder."""
    with tempfile.TemporaryDirectory(prefix="lotse-bench-") as folder:
        if backend == "sqlite":
            yield f"sqlite+aiosqlite:///{folder}/lotse.db", Path(folder)
            return
        binaries = server_binaries()
        if binaries is None:
            raise SystemExit("no PostgreSQL server binaries installed (Debian: apt-get install postgresql)")
        with running_server(binaries) as base:
            asyncio.run(_create_database(base, "lotse_bench"))
            yield f"{base}/lotse_bench", Path(folder)


@contextlib.contextmanager
def app_client(url: str, data_dir: Path) -> Iterator[TestClient[Any]]:
    """The application on the prepared database ``url``, sending a partner key with every request."""
    key = asyncio.run(_prepare(url))
    settings = Settings(database_url=url, data_dir=data_dir, rate_limit_per_minute=10_000_000, first_purge_seconds=3600)
    with TestClient(app=create_app(settings), base_url="https://testserver.local") as client:
        client.headers["Authorization"] = f"Bearer {key}"
        yield client


@contextlib.asynccontextmanager
async def async_app_client(url: str, data_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    """As ``app_client``, with the application in this thread's event loop (httpx's ASGI transport, the
    application's own lifespan): no thread hand-offs, so timings are the application's and a profiler sees it."""
    key = await _prepare(url)
    settings = Settings(database_url=url, data_dir=data_dir, rate_limit_per_minute=10_000_000, first_purge_seconds=3600)
    app = create_app(settings)
    async with app.lifespan():
        transport = httpx.ASGITransport(app=cast(Any, app), client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver.local") as client:
            client.headers["Authorization"] = f"Bearer {key}"
            yield client


def profiles(count: int, seed: int = 99) -> list[dict[str, Any]]:
    """Realistic random needs profiles (``matcher.synthetic``), as JSON bodies."""
    rng = np.random.default_rng(seed)
    result: list[dict[str, Any]] = msgspec.to_builtins([synthetic_profile(rng) for _ in range(count)])
    return result
