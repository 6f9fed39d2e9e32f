"""Settings read once from the environment (prefix ``LOTSE_``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything an operator can configure; see the README for the variables."""

    database_url: str
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    seed_on_start: bool = True
    reload_seconds: float = 5.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("LOTSE_DATA_DIR", "var")).resolve()
        database_url = env.get("LOTSE_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'lotse.db'}"
        return cls(
            database_url=database_url,
            data_dir=data_dir,
            host=env.get("LOTSE_HOST", "127.0.0.1"),
            port=_port(env.get("LOTSE_PORT", "8000")),
            log_level=env.get("LOTSE_LOG_LEVEL", "INFO").upper(),
            seed_on_start=env.get("LOTSE_SEED_ON_START", "true").lower() not in {"0", "false", "no"},
            reload_seconds=_seconds(env.get("LOTSE_RELOAD_SECONDS", "5")),
        )


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ValueError(f"LOTSE_PORT must be a number, got {raw!r}") from None
    if not 0 < port < 65536:
        raise ValueError(f"LOTSE_PORT must be between 1 and 65535, got {port}")
    return port


def _seconds(raw: str) -> float:
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"LOTSE_RELOAD_SECONDS must be a number, got {raw!r}") from None
    if not 0.1 <= seconds <= 3600:
        raise ValueError(f"LOTSE_RELOAD_SECONDS must be between 0.1 and 3600, got {seconds}")
    return seconds
