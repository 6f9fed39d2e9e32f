from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from web.settings import Settings, signing_key, unshared_key_warning


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


@pytest.mark.parametrize(
    ("value", "meant"), [("false", False), ("off", False), (" FALSE ", False), ("no", False), ("0", False),
                         ("true", True), ("on", True), ("Yes", True), ("1", True)]
)  # fmt: skip
def test_switches_mean_what_they_say(value: str, meant: bool) -> None:
    """``LOTSE_SEED_ON_START=off`` once loaded the demo catalogue (anything but false/no/0 meant "on")."""
    settings = Settings.from_env({"LOTSE_SEED_ON_START": value, "LOTSE_EXPOSE_WORKER": value})
    assert (settings.seed_on_start, settings.expose_worker) == (meant, meant)


def test_empty_values_mean_the_default_and_warn_is_warning() -> None:
    empty = Settings.from_env({"LOTSE_SEED_ON_START": "", "LOTSE_EXPOSE_WORKER": " ", "LOTSE_LOG_LEVEL": ""})
    assert (empty.seed_on_start, empty.expose_worker, empty.log_level) == (True, False, "INFO")
    assert Settings.from_env({"LOTSE_LOG_LEVEL": "warn"}).log_level == "WARNING"


@pytest.mark.parametrize(
    ("name", "value"), [("LOTSE_SEED_ON_START", "nein"), ("LOTSE_SEED_ON_START", "f"), ("LOTSE_EXPOSE_WORKER", "2"),
                        ("LOTSE_LOG_LEVEL", "bogus"), ("LOTSE_LOG_LEVEL", "verbose")]
)  # fmt: skip
def test_unknown_switch_and_log_level_values_are_clear_errors(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})


def test_workers_and_pool_sizes(tmp_path: Path) -> None:
    defaults = Settings.from_env({"LOTSE_DATA_DIR": str(tmp_path)})
    assert defaults.workers == (os.cpu_count() or 1)
    assert (defaults.db_pool_size, defaults.db_max_overflow, defaults.db_timeout_seconds) == (5, 5, 5)
    assert (defaults.forwarded_allow_ips, defaults.expose_worker) == ("127.0.0.1", False)
    chosen = Settings.from_env(
        {"LOTSE_WORKERS": "3", "LOTSE_DB_POOL_SIZE": "8", "LOTSE_DB_MAX_OVERFLOW": "0", "LOTSE_EXPOSE_WORKER": "true",
         "LOTSE_DB_TIMEOUT_SECONDS": "30"}
    )  # fmt: skip
    assert (chosen.workers, chosen.db_pool_size, chosen.db_max_overflow, chosen.expose_worker) == (3, 8, 0, True)
    assert chosen.db_timeout_seconds == 30


@pytest.mark.parametrize(
    ("name", "value"), [("LOTSE_WORKERS", "0"), ("LOTSE_WORKERS", "two"), ("LOTSE_DB_POOL_SIZE", "0"),
                        ("LOTSE_DB_MAX_OVERFLOW", "-1"), ("LOTSE_DB_TIMEOUT_SECONDS", "0"),
                        ("LOTSE_DB_TIMEOUT_SECONDS", "1.5")]
)  # fmt: skip
def test_bad_worker_and_pool_settings_are_clear_errors(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})


def test_the_embedded_signing_key_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings.from_env({"LOTSE_DATA_DIR": str(tmp_path / "data")})
    first = signing_key(settings)
    assert len(first) >= 32 and signing_key(settings) == first
    assert stat.S_IMODE((tmp_path / "data" / "secret.key").stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"]  # no temporary file left


def test_a_worker_that_starts_at_the_same_moment_uses_the_key_another_worker_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers of a first start both find no key: the one that writes second must not replace the first's
    key (every form of one worker's page would fail its CSRF check on the other worker)."""
    settings = Settings.from_env({"LOTSE_DATA_DIR": str(tmp_path)})
    real_token = secrets.token_urlsafe

    def meanwhile_another_worker_writes_its_key(size: int) -> str:
        (tmp_path / "secret.key").write_text("the-other-workers-key")
        return real_token(size)

    monkeypatch.setattr(secrets, "token_urlsafe", meanwhile_another_worker_writes_its_key)
    assert signing_key(settings) == b"the-other-workers-key"
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    """Eight processes, released at once on an empty data folder, all read the same key."""
    script = (
        "import sys, time\n"
        "from web.settings import Settings, signing_key, unshared_key_warning\n"
        "settings = Settings.from_env({'LOTSE_DATA_DIR': sys.argv[1]})\n"
        "while time.time() < float(sys.argv[2]): pass\n"
        "print(signing_key(settings).decode())\n"
    )
    start = f"{time.time() + 3:.3f}"
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), start], stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    keys = {worker.communicate(timeout=60)[0].strip() for worker in workers}
    assert len(keys) == 1 and keys != {""}
    assert (tmp_path / "secret.key").read_text().strip() in keys


def test_replicas_on_postgresql_without_a_shared_key_are_warned(tmp_path: Path) -> None:
    """Each replica made its own key in its data folder, and their links failed on each other, silently."""
    postgres = "postgresql+asyncpg://lotse:secret@db/lotse"
    warning = unshared_key_warning(Settings.from_env({"LOTSE_DATABASE_URL": postgres, "LOTSE_DATA_DIR": str(tmp_path)}))
    assert warning is not None and "LOTSE_SECRET_KEY" in warning and str(tmp_path / "secret.key") in warning
    shared = {"LOTSE_DATABASE_URL": postgres, "LOTSE_SECRET_KEY": secrets.token_urlsafe(32)}
    assert unshared_key_warning(Settings.from_env(shared)) is None
    assert unshared_key_warning(Settings.from_env({"LOTSE_DATA_DIR": str(tmp_path)})) is None  # one SQLite file
