"""The OpenAPI document partners generate clients from: every operation documents its problem+json errors and
has examples; properties and parameters are described; what it says is what the server answers."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from models.referral import ReferralStatus
from tests.web.openapi_causes import causes_of_errors
from web.concurrency import ConcurrencyLimit
from web.openapi.errors import PROBLEM_JSON
from web.settings import Settings

Client = TestClient[Litestar]
SQLITE_ONLY = pytest.mark.parametrize("seeded_database_url", ["sqlite"], indirect=True)
BODY_SCHEMAS = ("NeedsProfile", "FeedbackIn", "ReferralIn", "ReferralChange")


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
    assert len(found) == 23  # 22 under /api/v1, and /ready
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
        assert "503" in errors, where  # busy, or the database is away
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


@SQLITE_ONLY
def test_every_documented_error_is_what_the_server_answers(
    client: Client, document: dict[str, Any], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    documented = {
        f"{method.upper()} {path} {status}"
        for method, path, operation in operations(document)
        for status in operation["responses"]
        if status[0] in "45" and status not in ("429", "503")  # every operation's: tests below and in faults/
    }
    causes = causes_of_errors(client, settings, monkeypatch)
    beyond = {name for name in causes if name.endswith(" 503")}  # a 503 for no model or no catalogue
    assert documented == set(causes) - beyond
    problem = validator(document, "Problem")
    for name, cause in causes.items():
        answer = cause()
        assert answer.status_code == int(name.rsplit(" ", 1)[1]), (name, answer.text)
        assert answer.headers["content-type"].startswith(PROBLEM_JSON), name
        assert problem.is_valid(answer.json()), (name, list(problem.iter_errors(answer.json())))


@SQLITE_ONLY
def test_busy_is_the_documented_problem(
    client: Client, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = validator(document, "Problem")
    limit = next(layer for layer in client.app.middleware if isinstance(layer, ConcurrencyLimit))
    monkeypatch.setattr(limit.slots, "free", 0)  # every slot taken by requests still running
    monkeypatch.setattr(limit, "wait_seconds", 0.01)
    for method, path, _ in operations(document):
        answer = client.request(method, path.replace("{", "").replace("}", ""), json={})
        if path == "/ready":  # never held back: it tells the load balancer the truth instead
            assert answer.status_code == 200
            continue
        assert answer.status_code == 503, path
        assert answer.headers["retry-after"] == "1" and answer.headers["content-type"].startswith(PROBLEM_JSON)
        assert problem.is_valid(answer.json()), path


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
