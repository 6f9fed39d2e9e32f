from __future__ import annotations

import asyncio

from litestar.testing import TestClient

from models.catalogue import store_catalogue
from models.database import create_engine, session_factory
from seed.demo import demo_catalogue
from web.app import create_app
from web.matching import NO_MODEL
from web.settings import Settings


def test_health_answers_while_the_process_is_up(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_the_loaded_catalogue(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json()["offers"] >= 150


def test_ready_is_503_problem_while_the_catalogue_is_empty(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(database_url=database_url, data_dir=tmp_path, seed_on_start=False)
    with TestClient(app=create_app(settings)) as client:
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "empty" in response.json()["detail"]


def test_head_probes_get_the_status_without_a_body(client: TestClient) -> None:  # type: ignore[type-arg]
    """Monitors that probe with HEAD got 405 from both endpoints."""
    for path in ("/health", "/ready"):
        response = client.head(path)
        assert (response.status_code, response.content) == (200, b""), path


def test_a_head_probe_of_an_empty_catalogue_is_503(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(database_url=database_url, data_dir=tmp_path, seed_on_start=False)
    with TestClient(app=create_app(settings)) as client:
        response = client.head("/ready")
    assert (response.status_code, response.content) == (503, b"")


def test_openapi_schema_is_served(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/offers",
        "/api/v1/offers/{offer_id}",
        "/api/v1/taxonomy",
        "/api/v1/hsds/services",
    } <= set(paths)


def test_ready_is_503_while_no_ranking_model_serves(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Offers but no model (a catalogue imported into a new database): every plan answers 503, so /ready must not
    say "ready" (it did, and a load balancer sent people to a service that could make no plan)."""
    settings = Settings(database_url=database_url, data_dir=tmp_path, seed_on_start=False)
    with TestClient(app=create_app(settings)) as client:
        asyncio.run(_store_demo_catalogue(database_url))
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == NO_MODEL


async def _store_demo_catalogue(url: str) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine).begin() as session:
            await store_catalogue(session, demo_catalogue(), replace=False)
    finally:
        await engine.dispose()


def test_probes_and_the_api_description_set_no_cookie(settings: Settings) -> None:
    """A load balancer's probe or a partner reading the OpenAPI document got a CSRF cookie it never needs."""
    for path in ("/health", "/ready", "/schema/openapi.json", "/api/v1/taxonomy"):
        with TestClient(app=create_app(settings)) as fresh:
            response = fresh.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path
