"""Settings read once from the environment (prefix ``LOTSE_``)."""

from __future__ import annotations

import os
import secrets
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
    secret_key: str | None = None
    kiosk_idle_seconds: int = 90
    kiosk_countdown_seconds: int = 15

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
            secret_key=env.get("LOTSE_SECRET_KEY") or None,
            kiosk_idle_seconds=_whole_seconds("LOTSE_KIOSK_IDLE_SECONDS", env.get("LOTSE_KIOSK_IDLE_SECONDS", "90")),
            kiosk_countdown_seconds=_whole_seconds(
                "LOTSE_KIOSK_COUNTDOWN_SECONDS", env.get("LOTSE_KIOSK_COUNTDOWN_SECONDS", "15")
            ),
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


def _whole_seconds(name: str, raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 3600:
        raise ValueError(f"{name} must be a whole number of seconds from 1 to 3600, got {raw!r}")
    return int(raw)


def signing_key(settings: Settings) -> bytes:
    """The key that signs kiosk QR links: ``LOTSE_SECRET_KEY``, or (embedded default) a random key kept in
    the data folder. Replicas must share one ``LOTSE_SECRET_KEY``."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()
