"""A small reader for untrusted JSON that records each problem with its JSON path instead of stopping.

Two kinds: a *problem* makes the file unusable (it is not HSDS: no service id or name, not an object), a
*warning* names a value Lotse cannot use; that value is dropped and the rest of the file imports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class JsonReader:
    """Typed access to parsed JSON; wrong or missing values are warned about and replaced by ``None``."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(Problem(path, reason))

    def warn(self, path: str, reason: str) -> None:
        self.warnings.append(Problem(path, reason))

    def object(self, value: Any, path: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.warn(path, f"expected an object, got {_kind(value)}")
        return None

    def array(self, parent: dict[str, Any], key: str, path: str) -> list[Any]:
        value = parent.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.warn(f"{path}.{key}", f"expected an array, got {_kind(value)}")
        return []

    def string(self, parent: dict[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        value = parent.get(key)
        if value is None or value == "":
            if required:
                self.warn(f"{path}.{key}", "is missing")
            return None
        if isinstance(value, str):
            return value
        self.warn(f"{path}.{key}", f"expected a string, got {_kind(value)}")
        return None

    def number(self, parent: dict[str, Any], key: str, path: str, *, required: bool = False) -> float | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.warn(f"{path}.{key}", "is missing")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
            if math.isfinite(number) and abs(number) < 1e15:
                return number
            self.warn(f"{path}.{key}", f"{str(value)[:20]} is not a number Lotse can use: the value is dropped")
            return None
        self.warn(f"{path}.{key}", f"expected a number, got {_kind(value)}")
        return None

    def whole_number(self, parent: dict[str, Any], key: str, path: str) -> int | None:
        value = self.number(parent, key, path)
        if value is None:
            return None
        if value != int(value):
            self.warn(f"{path}.{key}", f"expected a whole number, got {value}")
            return None
        return int(value)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
