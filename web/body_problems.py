"""Every problem of a JSON body at once: missing required fields, unknown fields, wrong enum values (with the
allowed values), wrong types and out-of-range values, each naming its field.

msgspec stops at the first problem; here the body is decoded to a dict first and each field is checked on its
own against the struct's type (the same annotation msgspec enforces), so one 400 lists them all.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import msgspec
from msgspec import inspect as types

from models.profile import IDENTIFYING_FIELDS

_JSON_NAMES = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")
MAX_PROBLEMS = 50


def allowed_values(kind: types.Type) -> list[str] | None:
    """The values a field of this type takes where they are a fixed set (enumerations, literals)."""
    if isinstance(kind, types.EnumType):
        return [str(member.value) for member in kind.cls]
    if isinstance(kind, types.LiteralType):
        return [str(value) for value in kind.values]
    if isinstance(kind, types.Metadata):
        return allowed_values(kind.type)
    if isinstance(kind, types.UnionType):
        found = [value for member in kind.types for value in (allowed_values(member) or [])]
        return found or None
    if isinstance(kind, types.ListType | types.SetType | types.FrozenSetType | types.VarTupleType):
        return allowed_values(kind.item_type)
    return None


MAX_NAME = 40  # characters of an unknown key repeated in an answer


def error(field: str, message: str, allowed: list[str] | None = None, source: str = "body") -> dict[str, Any]:
    found: dict[str, Any] = {"field": field, "message": message, "source": source}
    if allowed:
        found["allowed"] = allowed
    return found


def body_problems(body: bytes, struct: type[msgspec.Struct]) -> list[dict[str, Any]]:
    """Every problem of ``body`` (JSON) as ``struct``; empty when it decodes."""
    try:
        msgspec.json.decode(body, type=struct)
    except msgspec.ValidationError as failure:
        whole = str(failure)
    except msgspec.DecodeError as failure:
        return [error("body", f"is not valid JSON: {failure}")]
    else:
        return []
    try:
        value = msgspec.json.decode(body)
    except msgspec.ValidationError:  # a number beyond what any decoder holds: msgspec's typed path names it
        return [_at_path(whole)]
    if not isinstance(value, dict):
        return [error("body", f"must be a JSON object, not {_JSON_NAMES.get(type(value), 'null')}")]
    problems = _field_problems(value, struct)
    if not problems:  # msgspec found what the field-by-field check does not: its own path names the place
        return [_at_path(whole)]
    if len(problems) > MAX_PROBLEMS:  # a body of thousands of unknown keys must not get a megabyte of answer
        problems = [*problems[:MAX_PROBLEMS], error("body", f"and {len(problems) - MAX_PROBLEMS} more problems")]
    return problems


def _at_path(message: str) -> dict[str, Any]:
    """msgspec's ``… - at `$.children_ages[0]``` as the error of ``children_ages[0]`` (else of the body)."""
    path = _PATH.search(message)
    if path is None or not path["path"].startswith("."):
        return error("body", message)
    return error(path["path"][1:], message[: path.start()])


def _field_problems(value: dict[str, Any], struct: type[msgspec.Struct]) -> list[dict[str, Any]]:
    info = typing.cast(types.StructType, types.type_info(struct))
    hints = typing.get_type_hints(struct, include_extras=True)
    fields = {field.encode_name: field for field in info.fields}
    problems: list[dict[str, Any]] = []
    if info.forbid_unknown_fields:
        for key in value:
            if key in fields:
                continue
            if key in IDENTIFYING_FIELDS:
                problems.append(
                    error(key, f"'{key}' is personal data: Lotse takes a person's needs, never who they are")
                )
            else:  # named in full up to 40 characters: a 60 KB key was echoed three times (a 241 KB answer)
                name = key if len(key) <= MAX_NAME else f"{key[:MAX_NAME]}…"
                problems.append(error(name, f"unknown field '{name}'", sorted(fields)))
    for name, field in fields.items():
        if name not in value:
            if field.required:
                problems.append(error(name, "is required", allowed_values(field.type)))
            continue
        try:
            msgspec.convert(value[name], hints[field.name], strict=True)
        except msgspec.ValidationError as failure:
            items = _item_problems(name, value[name], hints[field.name])
            kind = field.type.type if isinstance(field.type, types.Metadata) else field.type
            longest = kind.max_length if isinstance(kind, types.ListType) else None
            if items and longest is not None and len(value[name]) > longest:  # said with the items' problems
                items.insert(0, error(name, f"Expected `array` of length <= {longest}"))
            problems.extend(items or [_problem_at(name, str(failure), field.type)])
    return problems


def _problem_at(name: str, message: str, kind: types.Type) -> dict[str, Any]:
    path = _PATH.search(message)
    if path:
        message = message[: path.start()]
    return error(name + ("" if path is None else path["path"]), message, allowed_values(kind))


def _item_problems(name: str, value: Any, hint: Any) -> list[dict[str, Any]]:
    """Every wrong item of a list field (``children_ages[1]`` and ``children_ages[2]``; msgspec names only the
    first); empty when the list's items are all right or the field is no list."""
    shape = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
    if typing.get_origin(shape) is not list or not isinstance(value, list):
        return []
    item = typing.get_args(shape)[0]
    problems = []
    for index, element in enumerate(value):  # all of them, so that "and N more problems" counts right
        try:
            msgspec.convert(element, item, strict=True)
        except msgspec.ValidationError as failure:
            problems.append(_problem_at(f"{name}[{index}]", str(failure), types.type_info(item)))
    return problems


def with_allowed_values(parameters: dict[str, Any], errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Query and path errors about an enumeration, with the values the parameter allows (``parameters``: the
    handler's parsed parameters, name → Litestar ``FieldDefinition``)."""
    for found in errors:
        parameter = parameters.get(found["field"])
        if "allowed" in found or parameter is None or found.get("source") == "body":
            continue
        try:
            allowed = allowed_values(types.type_info(parameter.annotation))
        except TypeError:  # a type msgspec does not know
            continue
        if allowed:
            found["allowed"] = allowed
    return errors
