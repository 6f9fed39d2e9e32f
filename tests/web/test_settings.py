from __future__ import annotations

import os
from pathlib import Path

import pytest

from web.settings import Settings


def test_defaults_are_the_embedded_sqlite_database(tmp_path: Path) -> None:
    settings = Settings.from_env({"LOTSE_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}"
    assert (settings.host, settings.port, settings.seed_on_start) == ("127.0.0.1", 8000, True)


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {
            "LOTSE_DATABASE_URL": "postgresql+asyncpg://lotse:secret@db/lotse",
            "LOTSE_HOST": "0.0.0.0",
            "LOTSE_PORT": "9000",
            "LOTSE_SEED_ON_START": "false",
            "LOTSE_LOG_LEVEL": "debug",
        }
    )
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert (settings.host, settings.port, settings.seed_on_start, settings.log_level) == (
        "0.0.0.0",
        9000,
        False,
        "DEBUG",
    )


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_a_bad_port_is_a_clear_error(port: str) -> None:
    with pytest.raises(ValueError, match="LOTSE_PORT"):
        Settings.from_env({"LOTSE_PORT": port})


def test_workers_and_pool_sizes(tmp_path: Path) -> None:
    defaults = Settings.from_env({"LOTSE_DATA_DIR": str(tmp_path)})
    assert defaults.workers == (os.cpu_count() or 1)
    assert (defaults.db_pool_size, defaults.db_max_overflow) == (5, 5)
    assert (defaults.forwarded_allow_ips, defaults.expose_worker) == ("127.0.0.1", False)
    chosen = Settings.from_env(
        {"LOTSE_WORKERS": "3", "LOTSE_DB_POOL_SIZE": "8", "LOTSE_DB_MAX_OVERFLOW": "0", "LOTSE_EXPOSE_WORKER": "true"}
    )
    assert (chosen.workers, chosen.db_pool_size, chosen.db_max_overflow, chosen.expose_worker) == (3, 8, 0, True)


@pytest.mark.parametrize(
    ("name", "value"), [("LOTSE_WORKERS", "0"), ("LOTSE_WORKERS", "two"), ("LOTSE_DB_POOL_SIZE", "0"),
                        ("LOTSE_DB_MAX_OVERFLOW", "-1")]
)  # fmt: skip
def test_bad_worker_and_pool_settings_are_clear_errors(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})
