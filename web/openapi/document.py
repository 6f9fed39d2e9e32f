"""The OpenAPI document at ``/schema/openapi.json``, finished in one place.

Litestar writes the paths, parameters and the problem answers each operation declares (web/openapi/errors.py).
Here the component schemas of the API's structs are replaced by msgspec's own JSON Schema of them, which is
exactly what the server enforces (descriptions, ranges, patterns, lengths, ``additionalProperties: false``
where unknown keys are refused); Litestar's default error answers, which are not what the API sends, are
dropped; and every request body and 2xx answer gets its example (web/openapi/examples.py).
"""

from __future__ import annotations

import copy
import inspect
from typing import Any

import msgspec
from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.serialization import encode_json

from models.feedback import FeedbackIn, FeedbackOut
from models.offer import OfferOut, OfferPage
from models.plan import PlanOut
from models.profile import NeedsProfile
from models.referral import ReferralChange, ReferralIn, ReferralOut
from models.taxonomy import TaxonomyOut
from web.api.health import HealthOut, ReadyOut
from web.openapi.errors import PROBLEM_JSON, Problem
from web.openapi.examples import EXAMPLES
from web.steering.api import NeedsReportOut

API_TYPES: tuple[type[msgspec.Struct], ...] = (
    NeedsProfile, PlanOut, FeedbackIn, FeedbackOut, ReferralIn, ReferralChange, ReferralOut, OfferPage, OfferOut,
    TaxonomyOut, NeedsReportOut, HealthOut, ReadyOut, Problem,
)  # fmt: skip
REF_TEMPLATE = "#/components/schemas/{name}"


def finish(generated: dict[str, Any]) -> dict[str, Any]:
    """The document partners generate clients from, made from Litestar's ``generated`` one."""
    document = copy.deepcopy(generated)
    _, components = msgspec.json.schema_components(API_TYPES, ref_template=REF_TEMPLATE)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update({name: _tidy(schema) for name, schema in components.items()})
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            _finish_operation(operation, EXAMPLES.get((method, path)))
    return document


def _tidy(schema: dict[str, Any]) -> dict[str, Any]:
    """Docstrings without their indentation; enumerations of strings say that they are strings."""
    if "description" in schema:
        schema["description"] = inspect.cleandoc(schema["description"])
    if "enum" in schema and all(isinstance(value, str) for value in schema["enum"]):
        schema["type"] = "string"
    return schema


def _finish_operation(operation: dict[str, Any], examples: tuple[dict[str, Any] | None, dict[str, Any]] | None) -> None:
    responses: dict[str, Any] = operation.get("responses", {})
    for status in [status for status in responses if status[0] in "45"]:
        if PROBLEM_JSON not in (responses[status].get("content") or {}):
            del responses[status]  # Litestar's default {status_code, detail, extra}, which the API never sends
    if examples is None:
        return
    body, answers = examples
    if body is not None and "requestBody" in operation:
        for media in operation["requestBody"]["content"].values():
            media["examples"] = {"example": {"summary": "Example", "value": body}}
    for status, answer in answers.items():
        for media in (responses.get(status, {}).get("content") or {}).values():
            media["examples"] = {"example": {"summary": "Example", "value": answer}}


class OpenAPIDocument(JsonRenderPlugin):
    """``/schema/openapi.json``: the finished document (made once, on the first request)."""

    def __init__(self) -> None:
        super().__init__()
        self._finished: bytes | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._finished is None:
            self._finished = encode_json(finish(openapi_schema))
        return self._finished
