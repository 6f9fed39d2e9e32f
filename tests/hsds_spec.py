"""The official HSDS 3.0 schemas (``../shared/hsds/3.0``), made strict as the specification's own checks do.

Every object schema gets ``additionalProperties: false``, so a property HSDS 3.0 does not define fails, and
formats (``uuid``, ``uri``, ``email``, ``date-time``) are checked. Without the folder the tests skip, except in
CI (``CI`` or ``LOTSE_REQUIRE_HSDS`` set), where they fail.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

HSDS_DIR = Path(os.environ.get("LOTSE_HSDS_SPEC", Path(__file__).resolve().parents[2] / "shared" / "hsds" / "3.0"))
FORMATS = {"uuid", "uri", "email", "date-time"}

# The response schema of each HSDS API operation, by the file that defines it (openapi.json).
SERVICE = "compiled/service.json"
SERVICE_LIST = "compiled/service_list.json"
ORGANIZATION = "compiled/organization.json"
ORGANIZATION_LIST = "compiled/organization_list.json"
SERVICE_AT_LOCATION = "service_at_location.json"  # openapi.json names compiled/service.json here: a slip
SERVICE_AT_LOCATION_LIST = "compiled/service_at_location_list.json"
TAXONOMY = "taxonomy.json"
TAXONOMY_TERM = "taxonomy_term.json"


def require_hsds() -> Path:
    """The HSDS 3.0 folder; skip (fail in CI) when it is missing."""
    if not (HSDS_DIR / "schema" / "compiled" / "service.json").is_file():
        reason = f"the official HSDS 3.0 schemas are needed in {HSDS_DIR} (set LOTSE_HSDS_SPEC to elsewhere)"
        if os.environ.get("CI") or os.environ.get("LOTSE_REQUIRE_HSDS"):
            pytest.fail(f"{reason}; CI must provide them")
        pytest.skip(reason)
    return HSDS_DIR


def _load(name: str) -> Any:
    return json.loads((require_hsds() / "schema" / name).read_text(encoding="utf-8"))


def _inline(schema: Any, depth: int = 0) -> Any:
    """``schema`` with each ``{"$ref": "x.json"}`` replaced by that file (the compiled schemas are built alike)."""
    if depth > 12:
        raise ValueError("HSDS schema references nest too deep")
    if isinstance(schema, list):
        return [_inline(item, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if isinstance(schema.get("$ref"), str) and schema["$ref"].endswith(".json"):
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return {**_inline(_load(schema["$ref"].rsplit("/", 1)[-1]), depth + 1), **rest}
    return {key: _inline(value, depth) for key, value in schema.items()}


def strict(schema: Any) -> Any:
    """A copy of ``schema`` in which every object schema forbids properties it does not define."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: strict(value) for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict) and schema.get("type", "object") == "object":
        result["additionalProperties"] = False
    return result


def page_schema(item: dict[str, Any]) -> dict[str, Any]:
    """The ``Page`` envelope of the HSDS openapi.json around ``contents`` of ``item`` objects."""
    page = json.loads((require_hsds() / "schema" / "openapi.json").read_text())["components"]["schemas"]["Page"]
    schema: dict[str, Any] = copy.deepcopy(page)
    schema["properties"]["contents"] = {"type": "array", "items": item}
    schema["required"] = sorted(schema["properties"])
    return schema


@cache
def validator(name: str, *, page: bool = False) -> Draft202012Validator:
    """A strict, format-checking validator for the HSDS 3.0 schema file ``name`` (or a page of them)."""
    schema = _inline(_load(name))
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = FORMATS - set(checker.checkers)
    assert not missing, f"format checks unavailable (install jsonschema[format]): {missing}"
    return Draft202012Validator(strict(page_schema(schema) if page else schema), format_checker=checker)


def problems(name: str, documents: Iterable[Any], *, page: bool = False) -> list[str]:
    """Every schema violation in ``documents`` (empty: all valid)."""
    check = validator(name, page=page)
    return [
        f"[{i}] {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
        for i, document in enumerate(documents)
        for error in check.iter_errors(document)
    ]
