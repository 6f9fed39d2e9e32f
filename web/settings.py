"""Settings read once from the environment (prefix ``LOTSE_``)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

import msgspec
from sqlalchemy.engine import make_url


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
    session_idle_minutes: int = 30
    rate_limit_per_minute: int = 120
    public_url: str | None = None
    retention_days: int = 365
    stale_days: int = 180  # an offer not confirmed for this long is flagged and ranked as uncertain
    first_purge_seconds: int = 60  # the running service's first retention purge after start (tests move it away)
    max_concurrent_requests: int = 64  # per worker process; more wait up to queue_wait_seconds, then 503
    queue_wait_seconds: float = 1.0
    body_timeout_seconds: int = 10  # a request body not complete after this long: 408 (it holds no slot meanwhile)
    # Serving (docs/operations.md, "Several workers and replicas"): worker processes of `lotse serve`, the
    # database pool of each, the proxies whose X-Forwarded-* headers count, a diagnostic worker header.
    workers: int = msgspec.field(default_factory=lambda: os.cpu_count() or 1)
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_timeout_seconds: int = 5  # a statement without an answer for this long: 503, its connection abandoned
    forwarded_allow_ips: str = "127.0.0.1"
    expose_worker: bool = False

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
            log_level=_log_level(env.get("LOTSE_LOG_LEVEL", "INFO")),
            seed_on_start=_switch("LOTSE_SEED_ON_START", env.get("LOTSE_SEED_ON_START", ""), default=True),
            reload_seconds=_seconds(env.get("LOTSE_RELOAD_SECONDS", "5")),
            secret_key=env.get("LOTSE_SECRET_KEY") or None,
            kiosk_idle_seconds=_whole_seconds("LOTSE_KIOSK_IDLE_SECONDS", env.get("LOTSE_KIOSK_IDLE_SECONDS", "90")),
            kiosk_countdown_seconds=_whole_seconds(
                "LOTSE_KIOSK_COUNTDOWN_SECONDS", env.get("LOTSE_KIOSK_COUNTDOWN_SECONDS", "15")
            ),
            session_idle_minutes=_whole(
                "LOTSE_SESSION_IDLE_MINUTES", env.get("LOTSE_SESSION_IDLE_MINUTES", "30"), 1, 720
            ),
            rate_limit_per_minute=_whole(
                "LOTSE_RATE_LIMIT_PER_MINUTE", env.get("LOTSE_RATE_LIMIT_PER_MINUTE", "120"), 1, 100_000
            ),
            public_url=_public_url(env.get("LOTSE_PUBLIC_URL") or None),
            retention_days=_whole("LOTSE_RETENTION_DAYS", env.get("LOTSE_RETENTION_DAYS", "365"), 1, 3650),
            stale_days=_whole("LOTSE_STALE_DAYS", env.get("LOTSE_STALE_DAYS", "180"), 1, 3650),
            max_concurrent_requests=_whole(
                "LOTSE_MAX_CONCURRENT_REQUESTS", env.get("LOTSE_MAX_CONCURRENT_REQUESTS", "64"), 1, 10_000
            ),
            queue_wait_seconds=_wait(env.get("LOTSE_QUEUE_WAIT_SECONDS", "1")),
            body_timeout_seconds=_whole(
                "LOTSE_BODY_TIMEOUT_SECONDS", env.get("LOTSE_BODY_TIMEOUT_SECONDS", "10"), 1, 300
            ),
            workers=_whole("LOTSE_WORKERS", env.get("LOTSE_WORKERS", str(os.cpu_count() or 1)), 1, 256),
            db_pool_size=_whole("LOTSE_DB_POOL_SIZE", env.get("LOTSE_DB_POOL_SIZE", "5"), 1, 1000),
            db_max_overflow=_whole("LOTSE_DB_MAX_OVERFLOW", env.get("LOTSE_DB_MAX_OVERFLOW", "5"), 0, 1000),
            db_timeout_seconds=_whole("LOTSE_DB_TIMEOUT_SECONDS", env.get("LOTSE_DB_TIMEOUT_SECONDS", "5"), 1, 3600),
            forwarded_allow_ips=env.get("LOTSE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            expose_worker=_switch("LOTSE_EXPOSE_WORKER", env.get("LOTSE_EXPOSE_WORKER", ""), default=False),
        )


SWITCH_VALUES = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _switch(name: str, raw: str, default: bool) -> bool:
    """A yes/no setting (empty: ``default``); anything else is refused (``LOTSE_SEED_ON_START=off`` once meant
    "on": the demo catalogue in production)."""
    if not raw.strip():  # set but empty, as an unset LOTSE_SECRET_KEY: the default
        return default
    value = SWITCH_VALUES.get(raw.strip().lower())
    if value is None:
        raise ValueError(f"{name} must be true or false, got {raw!r}")
    return value


def _log_level(raw: str) -> str:
    level = {"WARN": "WARNING", "": "INFO"}.get(raw.strip().upper(), raw.strip().upper())
    if level not in LOG_LEVELS:
        raise ValueError(f"LOTSE_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {raw!r}")
    return level


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


def _wait(raw: str) -> float:
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"LOTSE_QUEUE_WAIT_SECONDS must be a number, got {raw!r}") from None
    if not 0 <= seconds <= 60:
        raise ValueError(f"LOTSE_QUEUE_WAIT_SECONDS must be between 0 and 60, got {seconds}")
    return seconds


def _whole_seconds(name: str, raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 3600:
        raise ValueError(f"{name} must be a whole number of seconds from 1 to 3600, got {raw!r}")
    return int(raw)


def _whole(name: str, raw: str, low: int, high: int) -> int:
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


def _public_url(raw: str | None) -> str | None:
    """``LOTSE_PUBLIC_URL``: the address people's phones open (QR codes), e.g. https://lotse.laatzen.de."""
    if raw is None:
        return None
    if not raw.startswith(("https://", "http://")) or any(c in raw for c in " ?#"):
        raise ValueError(f"LOTSE_PUBLIC_URL must be an http(s) address without query, got {raw!r}")
    return raw.rstrip("/")


def shown_database(settings: Settings) -> str:
    """The database URL as the command line shows it: without its password."""
    return make_url(settings.database_url).render_as_string(hide_password=True)


def unshared_key_warning(settings: Settings) -> str | None:
    """A warning when replicas on one PostgreSQL database would each sign with a key of their own: a kiosk, staff
    or provider link made by one replica was a 404 on the others (operator's run-through), with no word why."""
    if settings.secret_key or not settings.database_url.startswith("postgresql"):
        return None
    return (f"lotse: LOTSE_SECRET_KEY is not set, so this replica signs links and cookies with the key in "
            f"{settings.data_dir / 'secret.key'}; every replica of one database needs the same LOTSE_SECRET_KEY")  # fmt: skip


def signing_key(settings: Settings) -> bytes:
    """The key that signs kiosk QR links: ``LOTSE_SECRET_KEY``, or (embedded default) a random key kept in
    the data folder. Replicas must share one ``LOTSE_SECRET_KEY``."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret.key"
    if not path.exists():
        _create_once(path, secrets.token_urlsafe(32))
    return path.read_text().strip().encode()


def _create_once(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` unless another process got there first. The worker processes of a first
    start create the key together: each writes its own into a private temporary file (mode 0600 from the
    start) and links it to ``path``; a link never replaces a file, so the first one wins, the others read it,
    and no one reads a half-written key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(content)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def derived_key(settings: Settings, purpose: str) -> bytes:
    """A key for one ``purpose`` (HMAC-SHA-256 of the purpose under the signing key), so that no two uses
    share a key."""
    return hmac.new(signing_key(settings), purpose.encode(), hashlib.sha256).digest()
