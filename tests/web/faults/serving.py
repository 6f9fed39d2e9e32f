"""``lotse serve`` as a subprocess on a free port, with its log lines collected as they come, and databases
prepared for it quickly (the demo catalogue and a copy of the session's trained model: no training)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import make_transient

from models.database import create_engine, session_factory, upgrade_schema
from models.ranking_model import RankingModel
from web.bootstrap import _seed_if_empty

PROFILE: dict[str, Any] = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "own_flat"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """One ``lotse serve`` process; ``lines`` holds what it printed (standard output and error), in order."""

    def __init__(self, database_url: str, data_dir: Path, env: Mapping[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "LOTSE_DATABASE_URL": database_url,
            "LOTSE_DATA_DIR": str(data_dir),
            "LOTSE_SECRET_KEY": "a secret shared by the replicas of a fault test",
            "LOTSE_RATE_LIMIT_PER_MINUTE": "100000",
            "LOTSE_WORKERS": "1",  # one worker: its log lines are the replica's (tests/web/test_workers.py: two)
            **(env or {}),
        }
        lotse = Path(sys.executable).parent / "lotse"
        self.process = subprocess.Popen(
            [str(lotse), "serve", "--port", str(self.port)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: the server and its workers go down together
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("lotse serve ended:\n" + "\n".join(self.lines))
            try:
                if httpx.get(f"{self.base}/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError("lotse serve did not get ready:\n" + "\n".join(self.lines))

    def kill(self) -> None:
        """SIGKILL to the whole replica (the server process and its workers), as when its machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # no worker outlives its test
        self._reader.join(timeout=5)


@contextmanager
def serving(database_url: str, data_dir: Path, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    served = Served(database_url, data_dir, env)
    try:
        served.wait_ready()
        yield served
    finally:
        served.stop()


async def prepare_copy(url: str, model_source: str) -> None:
    """Migrate ``url``, seed the demo catalogue, and copy the promoted model of ``model_source`` (same catalogue)."""
    source_engine = create_engine(model_source)
    try:
        async with session_factory(source_engine)() as session:
            row = await session.scalar(select(RankingModel).where(RankingModel.promoted.is_(True)))
            assert row is not None
            make_transient(row)
            row.version = None  # type: ignore[assignment]  # numbered by the new database's sequence
    finally:
        await source_engine.dispose()
    engine = create_engine(url)
    try:
        await upgrade_schema(engine)
        await _seed_if_empty(engine)
        async with session_factory(engine).begin() as session:
            session.add(row)
    finally:
        await engine.dispose()


async def add_model_version(url: str, blob: bytes) -> tuple[int, int]:
    """Store a copy of the newest promoted model with ``blob`` as its file, promoted: the new newest version.
    Returns the new version and the one it copied."""
    engine = create_engine(url)
    try:
        async with session_factory(engine).begin() as session:
            query = select(RankingModel).where(RankingModel.promoted.is_(True)).order_by(RankingModel.version.desc())
            newest = await session.scalar(query.limit(1))
            assert newest is not None
            copy = RankingModel(
                **{c.key: getattr(newest, c.key) for c in RankingModel.__table__.columns if c.key != "version"}
            )
            copy.skops_file = blob
            session.add(copy)
            await session.flush()
            return copy.version, newest.version
    finally:
        await engine.dispose()


def create_database(base: str, name: str, template: str | None = None) -> str:
    from tests.conftest import _create_database

    asyncio.run(_create_database(base, name, template))
    return f"{base}/{name}"
