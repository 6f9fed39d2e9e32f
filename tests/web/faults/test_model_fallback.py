"""A promoted model whose stored file cannot be loaded: the service still starts, serves the newest version
that loads, says so on /ready, and logs one line naming the version it skipped; the same while running."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from tests.web.faults.serving import add_model_version, create_database
from web.app import create_app
from web.settings import Settings

pytestmark = [pytest.mark.postgres, pytest.mark.timed]


class Collected(logging.Handler):
    """The service's log lines (on the ``lotse`` logger itself: the app configures the root logger at start)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def log() -> Iterator[Collected]:
    handler, logger = Collected(), logging.getLogger("lotse")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def _skip_lines(log: Collected, version: int) -> list[str]:
    return [line for line in log.lines if f"model version {version} cannot be loaded" in line]


def test_a_corrupt_newest_model_is_skipped_for_the_previous_one(
    postgres_base_url: str, postgres_template: str, tmp_path: Path, log: Collected
) -> None:
    url = create_database(postgres_base_url, f"lotse_fallback_{os.getpid()}", template=postgres_template)
    corrupt, good = asyncio.run(add_model_version(url, b"PK\x03\x04 this is not a skops file"))
    settings = Settings(database_url=url, data_dir=tmp_path, reload_seconds=0.2, first_purge_seconds=3600)
    with TestClient(create_app(settings)) as client:
        ready = client.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["model_version"] == good
        assert ready.json()["model_skipped"] == [corrupt]
        assert len(_skip_lines(log, corrupt)) == 1
        assert f"serving version {good} instead" in _skip_lines(log, corrupt)[0]
        assert not any("training" in line for line in log.lines)  # no cold start needed

        newer, _ = asyncio.run(add_model_version(url, b"garbage"))  # promoted while the service runs
        time.sleep(1.5)  # several reloads
        ready = client.get("/ready")
        assert ready.json()["model_version"] == good
        assert ready.json()["model_skipped"] == [newer, corrupt]
        assert len(_skip_lines(log, newer)) == 1, _skip_lines(log, newer)
        assert len(_skip_lines(log, corrupt)) == 1
    print("\n".join(_skip_lines(log, corrupt) + _skip_lines(log, newer)))
