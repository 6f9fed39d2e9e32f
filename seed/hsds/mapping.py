"""A mapping file (``lotse import FILE --mapping MAP.toml``): another directory's taxonomy terms → Lotse categories.

::

    [[term]]
    taxonomy = "Wegweiser Laatzen"      # taxonomy_term.taxonomy, taxonomy_detail.name or .id, or taxonomy_id
    term = "sprache.integrationskurs"   # taxonomy_term.code, .name or .id
    category = "bildung_sprache.integration_course"

Names are compared without regard to case and surrounding spaces. A service takes the category of its first
attribute whose term is mapped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

from models.taxonomy import CATEGORY_CODES


class MappingError(ValueError):
    """The mapping file cannot be used; ``problems`` names every bad entry."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class TermMapping:
    categories: dict[tuple[str, str], str] = field(default_factory=dict)  # (taxonomy, term) → category

    def category_of(self, term: dict[str, Any]) -> str | None:
        """The Lotse category of an HSDS ``taxonomy_term`` object, or None when the mapping does not name it."""
        detail = term.get("taxonomy_detail")
        taxonomies = [term.get("taxonomy"), term.get("taxonomy_id")]
        if isinstance(detail, dict):
            taxonomies += [detail.get("name"), detail.get("id")]
        names = [term.get("code"), term.get("name"), term.get("id")]
        for taxonomy in filter(None, map(_key, taxonomies)):
            for name in filter(None, map(_key, names)):
                if (taxonomy, name) in self.categories:
                    return self.categories[(taxonomy, name)]
        return None


def _key(value: Any) -> str | None:
    return value.strip().casefold() if isinstance(value, str) and value.strip() else None


def read_mapping(text: str) -> TermMapping:
    """The mapping in ``text``; every problem (TOML syntax, missing keys, unknown categories) at once."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError([f"not valid TOML: {error}"]) from None
    entries = document.get("term", [])
    problems = [f"unknown key {key!r}; a mapping file holds [[term]] entries" for key in document if key != "term"]
    if not isinstance(entries, list):
        raise MappingError(["'term' must be a list of tables: write [[term]]"])
    categories: dict[tuple[str, str], str] = {}
    for i, entry in enumerate(entries, start=1):
        where = f"[[term]] number {i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table")
            continue
        unknown = sorted(set(entry) - {"taxonomy", "term", "category"})
        problems += [f"{where}: unknown key {key!r} (allowed: taxonomy, term, category)" for key in unknown]
        taxonomy, name, category = (entry.get(key) for key in ("taxonomy", "term", "category"))
        missing = [key for key, value in (("taxonomy", taxonomy), ("term", name), ("category", category))
                   if not isinstance(value, str) or not value.strip()]  # fmt: skip
        if missing:
            problems.append(f"{where}: needs {', '.join(missing)} (text)")
            continue
        taxonomy, name, category = str(taxonomy), str(name), str(category)
        if category not in CATEGORY_CODES:
            problems.append(f"{where}: unknown Lotse category {category!r} (see GET /api/v1/taxonomy)")
            continue
        key = (taxonomy.strip().casefold(), name.strip().casefold())
        if categories.get(key, category) != category:
            problems.append(f"{where}: {taxonomy!r} / {name!r} is already mapped to {categories[key]!r}")
        categories.setdefault(key, category)
    if problems:
        raise MappingError(problems)
    return TermMapping(categories)
