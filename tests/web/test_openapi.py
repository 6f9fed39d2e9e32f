"""The OpenAPI document partners generate clients from: every operation documents its problem+json errors and
has examples; properties and parameters are described; what it says is what the server answers."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from models.referral import ReferralStatus
from tests.conftest import add_key
from tests.web.referrals.test_api import remove_offer
from web.concurrency import ConcurrencyLimit
from web.openapi.errors import PROBLEM_JSON
from web.settings import Settings

Client = TestClient[Litestar]
SQLITE_ONLY = pytest.mark.parametrize("seeded_database_url", ["sqlite"], indirect=True)
PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "municipal_flat"}
BODY_SCHEMAS = ("NeedsProfile", "FeedbackIn", "ReferralIn", "ReferralChange")
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/v1") or path == "/ready"
    ]


def validator(document: dict[str, Any], name: str) -> jsonschema_rs.Validator:
    """A validator for the component ``name`` that resolves the document's other components."""
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{name}", **document})


def schema_validator(document: dict[str, Any], schema: dict[str, Any]) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]})


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    answer = client.get("/schema/openapi.json")
    assert answer.status_code == 200
    return dict(answer.json())


@SQLITE_ONLY
def test_every_operation_documents_problem_errors_and_examples(document: dict[str, Any]) -> None:
    found = operations(document)
    assert len(found) == 22  # 21 under /api/v1, and /ready
    for method, path, operation in found:
        where = f"{method.upper()} {path}"
        errors = {status: answer for status, answer in operation["responses"].items() if status[0] in "45"}
        assert errors, where
        for status, answer in errors.items():
            media = answer["content"]
            assert list(media) == [PROBLEM_JSON], (where, status)
            assert media[PROBLEM_JSON]["schema"] == {"$ref": "#/components/schemas/Problem"}, (where, status)
            assert media[PROBLEM_JSON]["examples"], (where, status)
            for example in media[PROBLEM_JSON]["examples"].values():
                assert validator(document, "Problem").is_valid(example["value"]), (where, status)
                assert example["value"]["status"] == int(status)
        keyed = "security" in operation
        assert keyed == ({"401", "403"} <= set(errors)), where
        assert "429" in errors or path == "/ready", where
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= set(errors), where
            for media in operation["requestBody"]["content"].values():
                check = schema_validator(document, media["schema"])
                assert [check.is_valid(e["value"]) for e in media["examples"].values()] == [True], where
        for status, answer in operation["responses"].items():
            if status.startswith("2"):
                for media in answer["content"].values():
                    check = schema_validator(document, media["schema"])
                    assert [check.is_valid(e["value"]) for e in media["examples"].values()] == [True], (where, status)


@SQLITE_ONLY
def test_properties_and_parameters_are_described(document: dict[str, Any]) -> None:
    properties = [
        (f"{name}.{key}", schema)
        for name, component in document["components"]["schemas"].items()
        for key, schema in component.get("properties", {}).items()
    ]
    parameters = [
        (f"{method.upper()} {path} {parameter['name']}", parameter)
        for method, path, operation in operations(document)
        for parameter in operation.get("parameters", [])
    ]
    undescribed = [name for name, item in properties + parameters if not item.get("description")]
    share = 1 - len(undescribed) / len(properties + parameters)
    print(f"described: {share:.1%} of {len(properties)} properties and {len(parameters)} parameters")
    assert share >= 0.95, undescribed


@SQLITE_ONLY
def test_the_enforced_limits_are_in_the_schema(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name in BODY_SCHEMAS:
        assert schemas[name]["additionalProperties"] is False, name
    profile = schemas["NeedsProfile"]["properties"]
    assert profile["children_ages"]["items"] == {"type": "integer", "minimum": 0, "maximum": 17}
    assert profile["children_ages"]["maxItems"] == 15
    assert profile["languages"]["items"]["pattern"] == "^[a-z]{2}$"
    assert {"type": "integer", "minimum": 0, "maximum": 120} in profile["age"]["anyOf"]
    assert profile["limit"]["minimum"] == 1 and profile["limit"]["maximum"] == 30
    assert schemas["FeedbackIn"]["properties"]["offer_id"]["maxLength"] == 64
    assert schemas["GermanLevel"]["enum"] and schemas["GermanLevel"]["type"] == "string"


def _causes(client: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """A request that causes each documented error: "METHOD path status" → the call."""
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    plan_path = f"/api/v1/plans/{plan['plan_id']}"
    offer_id = plan["recommendations"][0]["offer"]["id"]
    referral = client.post(f"{plan_path}/referrals", json={"offer_id": offer_id}).json()
    referral_path = f"/api/v1/referrals/{referral['referral_id']}"
    steering = {"Authorization": "Bearer " + asyncio.run(add_key(settings.database_url, "steering", ["steering"]))}
    unknown_key = {"Authorization": "Bearer not-a-key"}
    big = b'{"x": "' + b"a" * 70_000 + b'"}'
    text = {"content-type": "text/plain"}
    feedback = f"{plan_path}/feedback"
    client.post(feedback, json={"offer_id": offer_id, "outcome": "accepted"}, headers={"Idempotency-Key": "k-1"})

    def offer_gone() -> httpx.Response:
        """A plan's offer that left the catalogue since (the last one, which no other call here uses)."""
        gone = plan["recommendations"][-1]["offer"]["id"]
        asyncio.run(remove_offer(settings.database_url, gone))
        return client.post(f"{plan_path}/referrals", json={"offer_id": gone})

    limit = next(layer for layer in client.app.middleware if isinstance(layer, ConcurrencyLimit))

    def unfinished(method: str, path: str) -> httpx.Response:
        """A body that never arrives (here for 0.2 s): answered 408 before the application reads anything."""
        monkeypatch.setattr(limit, "body_seconds", 0.2)
        sent: list[Any] = []

        async def never() -> Any:
            await asyncio.sleep(3600)

        async def send(message: Any) -> None:
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "https", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"testserver.local"), (b"content-type", b"application/json"),
                             (b"content-length", b"100")],
                 "client": ("127.0.0.1", 50000), "server": ("testserver.local", 443), "state": {}}  # fmt: skip
        client.blocking_portal.call(client.app, scope, never, send)
        body = b"".join(message.get("body", b"") for message in sent[1:])
        return httpx.Response(sent[0]["status"], headers=sent[0]["headers"], content=body)

    def without_model(read: bool = False) -> httpx.Response:
        state = client.app.state.matching.state
        monkeypatch.setattr(client.app.state.matching, "state", None)
        try:
            return client.get(plan_path) if read else client.post("/api/v1/plans", json=PROFILE)
        finally:
            monkeypatch.setattr(client.app.state.matching, "state", state)

    async def no_offers(_: object) -> int:
        return 0

    def empty_catalogue() -> httpx.Response:
        monkeypatch.setattr("web.api.health.offer_count", no_offers)
        return client.get("/ready")

    return {
        "GET /ready 503": empty_catalogue,
        "GET /api/v1/taxonomy 400": lambda: client.get("/api/v1/taxonomy", params={"lang": "xx"}),
        "GET /api/v1/offers 400": lambda: client.get("/api/v1/offers", params={"field": "astrology"}),
        "GET /api/v1/offers/{offer_id} 400": lambda: client.get(f"/api/v1/offers/{offer_id}", params={"lang": "x"}),
        "GET /api/v1/offers/{offer_id} 404": lambda: client.get("/api/v1/offers/no-such-offer"),
        "GET /api/v1/hsds/services 400": lambda: client.get("/api/v1/hsds/services", params={"page": 0}),
        "GET /api/v1/hsds/services/{service_id} 404": lambda: client.get("/api/v1/hsds/services/no-such-offer"),
        "GET /api/v1/hsds/organizations 400": lambda: client.get("/api/v1/hsds/organizations", params={"page": 0}),
        "GET /api/v1/hsds/organizations/{organization_id} 400": lambda: client.get(
            "/api/v1/hsds/organizations/wohlfahrt-leine", params={"full_service": "vielleicht"}
        ),
        "GET /api/v1/hsds/organizations/{organization_id} 404": lambda: client.get("/api/v1/hsds/organizations/x"),
        "GET /api/v1/hsds/taxonomies 400": lambda: client.get("/api/v1/hsds/taxonomies", params={"per_page": 0}),
        "GET /api/v1/hsds/taxonomies/{taxonomy_id} 404": lambda: client.get("/api/v1/hsds/taxonomies/x"),
        "GET /api/v1/hsds/taxonomy_terms 400": lambda: client.get("/api/v1/hsds/taxonomy_terms", params={"page": 0}),
        "GET /api/v1/hsds/taxonomy_terms/{term_id} 404": lambda: client.get("/api/v1/hsds/taxonomy_terms/x"),
        "GET /api/v1/hsds/service_at_locations 400": lambda: client.get(
            "/api/v1/hsds/service_at_locations", params={"page": 0}
        ),
        "GET /api/v1/hsds/service_at_locations/{link_id} 404": lambda: client.get(
            "/api/v1/hsds/service_at_locations/x"
        ),
        "POST /api/v1/plans 400": lambda: client.post("/api/v1/plans", json={"work": "nope"}),
        "POST /api/v1/plans 401": lambda: client.post("/api/v1/plans", json=PROFILE, headers=unknown_key),
        "POST /api/v1/plans 403": lambda: client.post("/api/v1/plans", json=PROFILE, headers=steering),
        "POST /api/v1/plans 413": lambda: client.post("/api/v1/plans", content=big),
        "POST /api/v1/plans 415": lambda: client.post("/api/v1/plans", content=b"{}", headers=text),
        "POST /api/v1/plans 503": without_model,
        "GET /api/v1/plans/{plan_id} 401": lambda: client.get(plan_path, headers=unknown_key),
        "GET /api/v1/plans/{plan_id} 403": lambda: client.get(plan_path, headers=steering),
        "GET /api/v1/plans/{plan_id} 404": lambda: client.get(f"/api/v1/plans/{UNKNOWN}"),
        "GET /api/v1/plans/{plan_id} 400": lambda: client.get(plan_path, params={"language": "xx"}),
        "GET /api/v1/plans/{plan_id} 503": lambda: without_model(read=True),
        "POST /api/v1/plans/{plan_id}/feedback 400": lambda: client.post(feedback, json={"outcome": "maybe"}),
        "POST /api/v1/plans/{plan_id}/feedback 401": lambda: client.post(feedback, json={}, headers=unknown_key),
        "POST /api/v1/plans/{plan_id}/feedback 403": lambda: client.post(feedback, json={}, headers=steering),
        "POST /api/v1/plans/{plan_id}/feedback 404": lambda: client.post(
            f"/api/v1/plans/{UNKNOWN}/feedback", json={"offer_id": offer_id, "outcome": "accepted"}
        ),
        "POST /api/v1/plans/{plan_id}/feedback 409": lambda: client.post(
            feedback, json={"offer_id": offer_id, "outcome": "declined"}, headers={"Idempotency-Key": "k-1"}
        ),
        "POST /api/v1/plans/{plan_id}/feedback 413": lambda: client.post(feedback, content=big),
        "POST /api/v1/plans/{plan_id}/feedback 415": lambda: client.post(feedback, content=b"{}", headers=text),
        "POST /api/v1/plans/{plan_id}/referrals 400": lambda: client.post(f"{plan_path}/referrals", json={}),
        "POST /api/v1/plans/{plan_id}/referrals 401": lambda: client.post(
            f"{plan_path}/referrals", json={}, headers=unknown_key
        ),
        "POST /api/v1/plans/{plan_id}/referrals 403": lambda: client.post(
            f"{plan_path}/referrals", json={}, headers=steering
        ),
        "POST /api/v1/plans/{plan_id}/referrals 404": lambda: client.post(
            f"/api/v1/plans/{UNKNOWN}/referrals", json={"offer_id": offer_id}
        ),
        "POST /api/v1/plans/{plan_id}/referrals 409": offer_gone,
        "POST /api/v1/plans/{plan_id}/referrals 413": lambda: client.post(f"{plan_path}/referrals", content=big),
        "POST /api/v1/plans/{plan_id}/referrals 415": lambda: client.post(
            f"{plan_path}/referrals", content=b"{}", headers=text
        ),
        "GET /api/v1/referrals/{referral_id} 401": lambda: client.get(referral_path, headers=unknown_key),
        "GET /api/v1/referrals/{referral_id} 403": lambda: client.get(referral_path, headers=steering),
        "GET /api/v1/referrals/{referral_id} 404": lambda: client.get(f"/api/v1/referrals/{UNKNOWN}"),
        "PATCH /api/v1/referrals/{referral_id} 400": lambda: client.patch(referral_path, json={"status": "gone"}),
        "PATCH /api/v1/referrals/{referral_id} 401": lambda: client.patch(referral_path, json={}, headers=unknown_key),
        "PATCH /api/v1/referrals/{referral_id} 403": lambda: client.patch(referral_path, json={}, headers=steering),
        "PATCH /api/v1/referrals/{referral_id} 404": lambda: client.patch(
            f"/api/v1/referrals/{UNKNOWN}", json={"status": "accepted"}
        ),
        "PATCH /api/v1/referrals/{referral_id} 409": lambda: client.patch(referral_path, json={"status": "completed"}),
        "PATCH /api/v1/referrals/{referral_id} 413": lambda: client.patch(referral_path, content=big),
        "PATCH /api/v1/referrals/{referral_id} 415": lambda: client.patch(referral_path, content=b"{}", headers=text),
        "GET /api/v1/reports/needs 400": lambda: client.get(
            "/api/v1/reports/needs", params={"group_by": "planet"}, headers=steering
        ),
        "GET /api/v1/reports/needs 401": lambda: client.get("/api/v1/reports/needs", headers=unknown_key),
        "GET /api/v1/reports/needs 403": lambda: client.get("/api/v1/reports/needs"),
        "POST /api/v1/plans 408": lambda: unfinished("POST", "/api/v1/plans"),
        "POST /api/v1/plans/{plan_id}/feedback 408": lambda: unfinished("POST", feedback),
        "POST /api/v1/plans/{plan_id}/referrals 408": lambda: unfinished("POST", f"{plan_path}/referrals"),
        "PATCH /api/v1/referrals/{referral_id} 408": lambda: unfinished("PATCH", referral_path),
        # Any operation: a query parameter given twice (the last value would win silently).
        "GET /api/v1/hsds 400": lambda: client.get("/api/v1/hsds?page=1&page=2"),
        "GET /api/v1/hsds/services/{service_id} 400": lambda: client.get(f"/api/v1/hsds/services/{offer_id}?a=1&a=2"),
        "GET /api/v1/hsds/taxonomies/{taxonomy_id} 400": lambda: client.get("/api/v1/hsds/taxonomies/x?a=1&a=2"),
        "GET /api/v1/hsds/taxonomy_terms/{term_id} 400": lambda: client.get("/api/v1/hsds/taxonomy_terms/x?a=1&a=2"),
        "GET /api/v1/hsds/service_at_locations/{link_id} 400": lambda: client.get(
            "/api/v1/hsds/service_at_locations/x?a=1&a=2"
        ),
        "GET /api/v1/referrals/{referral_id} 400": lambda: client.get(f"{referral_path}?a=1&a=2"),
    }


@SQLITE_ONLY
def test_every_documented_error_is_what_the_server_answers(
    client: Client, document: dict[str, Any], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    documented = {
        f"{method.upper()} {path} {status}"
        for method, path, operation in operations(document)
        for status in operation["responses"]
        if status[0] in "45" and status != "429"
    }
    causes = _causes(client, settings, monkeypatch)
    assert documented == set(causes)
    problem = validator(document, "Problem")
    for name, cause in causes.items():
        answer = cause()
        assert answer.status_code == int(name.rsplit(" ", 1)[1]), (name, answer.text)
        assert answer.headers["content-type"].startswith(PROBLEM_JSON), name
        assert problem.is_valid(answer.json()), (name, list(problem.iter_errors(answer.json())))


@SQLITE_ONLY
def test_too_many_requests_is_the_documented_problem(document: dict[str, Any], settings: Settings) -> None:
    from web.app import create_app

    problem = validator(document, "Problem")
    limited = Settings(database_url=settings.database_url, data_dir=settings.data_dir, rate_limit_per_minute=1)
    limited_operations = [(method, path) for method, path, op in operations(document) if "429" in op["responses"]]
    with TestClient(app=create_app(limited), base_url="https://testserver.local") as client:
        for method, path in limited_operations:
            answers = [client.request(method, path.replace("{", "").replace("}", "")) for _ in range(3)]
            assert answers[-1].status_code == 429, path
            assert answers[-1].headers["content-type"].startswith(PROBLEM_JSON)
            assert problem.is_valid(answers[-1].json()), path


_PRINT_DOCUMENT = """
import sys
from litestar.serialization import encode_json
from web.app import create_app
from web.openapi.document import finish
from web.settings import Settings
app = create_app(Settings.from_env(), prepare=False)
sys.stdout.buffer.write(encode_json(finish(app.openapi_schema.to_schema())))  # as /schema/openapi.json serves it
"""


def test_the_document_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Partners diff the document between releases: it must not depend on the order Python happens to keep
    sets in. (Litestar's own schema, which ``finish`` starts from, gives a shared enum the description of
    whichever field it met first; the document takes the components from msgspec instead.)"""
    documents = []
    for seed in ("1", "2"):  # seeds under which Litestar's own schema differed at 4719851
        environment = {**os.environ, "PYTHONHASHSEED": seed, "LOTSE_DATA_DIR": str(tmp_path / seed)}
        environment.pop("LOTSE_DATABASE_URL", None)
        run = subprocess.run([sys.executable, "-c", _PRINT_DOCUMENT], env=environment, capture_output=True, check=True)
        documents.append(run.stdout)
    assert len(set(documents)) == 1
    schemas = json.loads(documents[0])["components"]["schemas"]
    assert schemas["ReferralStatus"]["description"] == inspect.cleandoc(ReferralStatus.__doc__ or "")
    assert "description" in schemas["ReferralChange"]["properties"]["status"]
