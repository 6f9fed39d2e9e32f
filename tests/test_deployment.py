"""The deployment files, checked without a container engine: compose.yaml's services, ports, health checks
and start order, every LOTSE_* variable it sets is one the application reads, and the Containerfile runs
``lotse serve --workers`` as an unprivileged user with a health check."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from web.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REPLICAS = ("lotse-1", "lotse-2")
LOTSE_SERVICES = ("migrate", *REPLICAS)


class _Recording(Mapping[str, str]):
    """An environment that remembers every variable the settings look up."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values, self.asked = dict(values), set[str]()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return self._values[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return self._values.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def settings_read() -> set[str]:
    environment = _Recording({})
    Settings.from_env(environment)
    return {name for name in environment.asked if name.startswith("LOTSE_")}


def _interpolated(value: str) -> str:
    """What compose makes of ``${NAME:-default}`` and ``${NAME:?error}`` (a required secret: some value)."""
    value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)
    return re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", "secret", value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return document


def test_the_services_and_what_they_publish(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"db", "migrate", "proxy", *REPLICAS}
    # Only the TLS-terminating proxy is reachable from outside; database and replicas are not.
    assert sorted(services["proxy"]["ports"]) == ["443:443", "80:80"]
    assert all("ports" not in services[name] for name in ("db", *LOTSE_SERVICES))
    assert services["db"]["image"].startswith("docker.io/library/postgres:")
    assert services["proxy"]["image"].startswith("docker.io/library/caddy:")
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy lotse-1:8000 lotse-2:8000" in caddyfile
    assert "tls {$CADDY_TLS}" in caddyfile
    assert "health_uri /ready" in caddyfile


def test_health_checks_and_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("db", "proxy", *REPLICAS):
        assert services[name]["healthcheck"]["test"], name
    for name in REPLICAS:
        assert "/ready" in " ".join(services[name]["healthcheck"]["test"])
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
        assert "command" not in services[name]  # the image's: lotse serve --workers
    migrate = services["migrate"]
    assert migrate["command"] == ["lotse", "db", "prepare"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["proxy"]["depends_on"] == {name: {"condition": "service_healthy"} for name in REPLICAS}


def test_every_lotse_variable_is_a_setting_and_valid(compose: dict[str, Any]) -> None:
    known = settings_read()
    assert {"LOTSE_WORKERS", "LOTSE_DB_POOL_SIZE", "LOTSE_DB_MAX_OVERFLOW"} <= known
    for name in LOTSE_SERVICES:
        environment = compose["services"][name]["environment"]
        unknown = {variable for variable in environment if variable.startswith("LOTSE_")} - known
        assert not unknown, f"{name} sets variables the application does not read: {unknown}"
        settings = Settings.from_env({key: _interpolated(str(value)) for key, value in environment.items()})
        assert settings.database_url.startswith("postgresql+asyncpg://lotse:")
        assert settings.secret_key and not settings.seed_on_start
        assert settings.workers * (settings.db_pool_size + settings.db_max_overflow) * len(REPLICAS) <= 100


def test_secrets_come_from_the_environment(compose: dict[str, Any]) -> None:
    text = (ROOT / "compose.yaml").read_text()
    services = compose["services"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    for name in LOTSE_SERVICES:
        environment = services[name]["environment"]
        assert "${POSTGRES_PASSWORD:?" in environment["LOTSE_DATABASE_URL"]
        assert environment["LOTSE_SECRET_KEY"].startswith("${LOTSE_SECRET_KEY:?")
    assert not re.search(r"PASSWORD:-|SECRET_KEY:-", text), "no default for a secret"
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_containerfile_runs_lotse_serve_with_workers_as_a_user() -> None:
    text = (ROOT / "Containerfile").read_text()
    final_stage = text.rsplit("\nFROM ", 1)[1]
    users = re.findall(r"^USER (\S+)", final_stage, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*/health", final_stage, flags=re.MULTILINE)
    command = re.search(r"^CMD (.+)$", final_stage, flags=re.MULTILINE)
    assert command and "lotse serve" in command.group(1) and "--workers" in command.group(1)
    variables = set(re.findall(r"\b(LOTSE_[A-Z_]+)=", final_stage))
    assert variables and variables <= settings_read()
