"""web/log_policy.py: the service logs at ``LOTSE_LOG_LEVEL`` (and never a driver's statement parameters)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import msgspec
import pytest
from litestar.testing import TestClient

from web.app import create_app
from web.settings import Settings


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    root.setLevel(level)


@pytest.mark.usefixtures("restored_logging")
@pytest.mark.parametrize("level", ["WARNING", "DEBUG"])
def test_the_service_logs_at_the_level_it_is_given(settings: Settings, level: str) -> None:
    """``LOTSE_LOG_LEVEL=WARNING`` still logged every worker's INFO lines (Litestar set the root logger to INFO)."""
    with TestClient(create_app(msgspec.structs.replace(settings, log_level=level))) as client:
        assert client.get("/health").status_code == 200
        assert logging.getLogger("lotse.matching").getEffectiveLevel() == getattr(logging, level)
        # Drivers log statements with their parameters (a plan's profile) at DEBUG: never shown.
        assert not logging.getLogger("sqlalchemy.engine").isEnabledFor(logging.INFO)
        assert not logging.getLogger("asyncpg").isEnabledFor(logging.DEBUG)
        # An HTTP client logs every request's address at INFO (the benchmarks printed a line per plan).
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
