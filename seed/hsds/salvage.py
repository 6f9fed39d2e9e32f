"""Turns a record read from HSDS into a Lotse struct, dropping each value Lotse cannot use with a warning.

``origins`` says where in the HSDS file each part of the record came from (``contact.phone`` →
``$.contents[3].phones[0].number``), so that every warning names the HSDS path, not Lotse's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from seed.hsds.reader import JsonReader

T = TypeVar("T")
_AT = re.compile(r"at `\$((?:\.\w+|\[\d+\])+)`")
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")
_MAX_DROPS = 50


def salvage(
    reader: JsonReader,
    record: dict[str, Any],
    kind: type[T],
    origins: dict[str, str],
    rules: Callable[[T], list[tuple[str, str]]] | None = None,
) -> T | None:
    """``record`` as ``kind``; each value that breaks a type or ``rules`` is warned about and dropped.

    None when a value Lotse needs is missing or unusable (the warnings say which).
    """
    for _ in range(_MAX_DROPS):
        try:
            result = msgspec.convert(record, kind)
        except msgspec.ValidationError as error:
            message = str(error)
            found = _AT.search(message)
            where = found[1].lstrip(".") if found else ""
            reason = _plain(message.split(" - at ")[0], _value_at(record, where) if where else _MISSING)
            if not where or not _drop(record, where):
                reader.warn(_origin(origins, where), f"{reason}: cannot be used")
                return None
            reader.warn(_origin(origins, where), f"{reason}: the value is dropped")
            continue
        broken = rules(result) if rules else []
        if not broken:
            return result
        for where, reason in broken:
            if not _drop(record, where):
                reader.warn(_origin(origins, where), f"{reason}: cannot be used")
                return None
            reader.warn(_origin(origins, where), f"{reason}: the value is dropped")
    return None


def _plain(reason: str, value: Any) -> str:
    """msgspec's reason in words for people who keep a directory."""
    if "matching regex" in reason or reason.startswith("Expected `str` of length"):
        return f"{value!r} is not in a form Lotse can use"
    return reason if value is _MISSING else f"{value!r}: {reason}"


_MISSING = object()


def _value_at(record: dict[str, Any], where: str) -> Any:
    value: Any = record
    for name, index in _STEP.findall("." + where):
        if name:
            value = value.get(name, _MISSING) if isinstance(value, dict) else _MISSING
        else:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else _MISSING
        if value is _MISSING:
            break
    return value


def _origin(origins: dict[str, str], where: str) -> str:
    """The HSDS path of the Lotse path ``where`` (the nearest enclosing part that has one)."""
    parts = [step for step in _STEP.split(where) if step]
    for end in range(len(parts), -1, -1):
        key = ".".join(parts[:end])
        if key in origins:
            return origins[key]
    return origins.get("", "$")


_REQUIRED_PARTS = {"titles", "summaries", "address", "location", "category", "district", "provider_id", "id",
                   "updated_at", "name", "kind"}  # fmt: skip


def _drop(record: dict[str, Any], where: str) -> bool:
    """Remove the value at ``where`` (``contact.phone``, ``schedule[2]``, ``languages[0]``; a field inside a
    list item drops the item); False when it is one Lotse cannot do without or cannot be found."""
    steps = [(name, int(index)) if index else (name, None) for name, index in _STEP.findall("." + where)]
    last_item = max((i for i, (_, index) in enumerate(steps) if index is not None), default=None)
    if last_item is not None:
        steps = steps[: last_item + 1]
    if not steps or (steps[0][0] in _REQUIRED_PARTS and len(steps) == 1):
        return False
    parent: Any = record
    for name, index in steps[:-1]:
        parent = parent.get(name) if name and isinstance(parent, dict) else parent
        if index is not None:
            parent = parent[index] if isinstance(parent, list) and index < len(parent) else None
        if parent is None:
            return False
    name, index = steps[-1]
    if index is not None:
        container = parent.get(name) if name and isinstance(parent, dict) else parent
        if not isinstance(container, list) or index >= len(container):
            return False
        del container[index]
        return True
    if isinstance(parent, dict) and name in parent:
        if name in ("de",) and steps[0][0] in ("titles",):
            return False
        del parent[name]
        return True
    return False
