"""The Lotse attributes of an HSDS service: category, offer facts, texts and eligibility."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

from models.district import District
from models.profile import Gender, GermanLevel, ResidenceStatus
from models.taxonomy import CATEGORY_CODES
from seed.hsds.reader import JsonReader
from seed.hsds.vocabulary import (
    LOTSE_ID,
    PLACES_AVAILABLE,
    PLACES_MAXIMUM,
    TAXONOMY_CATEGORY,
    TAXONOMY_ELIGIBILITY,
    TAXONOMY_OFFER,
    TAXONOMY_TEXT,
)

_CHILD_BAND = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_TEXT_CODE = re.compile(r"^(title|summary)\.([a-z]{2}(?:-[a-z]{2,8})?)$")
_WHOLE = re.compile(r"^\d{1,9}$")
_LISTED = {"gender": ("genders", Gender), "residence_status": ("residence_statuses", ResidenceStatus)}


def terms(reader: JsonReader, owner: dict[str, Any], path: str) -> list[tuple[int, dict[str, Any]]]:
    terms = []
    for i, raw in enumerate(reader.array(owner, "attributes", path)):
        attribute = reader.object(raw, f"{path}.attributes[{i}]")
        term = (
            reader.object(attribute.get("taxonomy_term"), f"{path}.attributes[{i}].taxonomy_term")
            if attribute
            else None
        )
        if term is not None and attribute is not None:
            terms.append((i, {**term, "value": attribute.get("value")}))
    return terms


def apply_attributes(reader: JsonReader, service: dict[str, Any], path: str, record: dict[str, Any]) -> None:
    """Lotse id, category, district, flags, validity, places, texts and eligibility from the Lotse attributes."""
    rules = record["eligibility"]
    categories: list[str] = []
    for i, term in terms(reader, service, path):
        where, code, value = f"{path}.attributes[{i}]", term.get("code"), term.get("value")
        taxonomy = term.get("taxonomy")
        if taxonomy == TAXONOMY_CATEGORY:
            categories.append(str(code))
        elif taxonomy == TAXONOMY_TEXT:
            _apply_text(reader, where, code, value, record)
        elif taxonomy == TAXONOMY_OFFER:
            _apply_offer_fact(reader, where, code, value, record)
        elif taxonomy == TAXONOMY_ELIGIBILITY:
            _apply_rule(reader, where, code, value, rules)
    known = [code for code in categories if code in CATEGORY_CODES]
    for code in sorted(set(categories) - set(known)):
        reader.warn(f"{path}.attributes", f"unknown category code {code!r}: the service waits for review")
    if len(set(known)) > 1:
        reader.warn(f"{path}.attributes", f"several {TAXONOMY_CATEGORY} attributes: the first, {known[0]!r}, counts")
    if known:
        record["category"] = known[0]


def _apply_text(reader: JsonReader, where: str, code: Any, value: Any, record: dict[str, Any]) -> None:
    match = _TEXT_CODE.match(str(code))
    if match is None or not isinstance(value, str):
        reader.warn(where, f"a {TAXONOMY_TEXT} attribute needs a code like 'title.en' and a text value")
        return
    record["titles" if match[1] == "title" else "summaries"][match[2]] = value


def _apply_offer_fact(reader: JsonReader, where: str, code: Any, value: Any, record: dict[str, Any]) -> None:
    if code == LOTSE_ID:
        if not isinstance(value, str) or not value:
            reader.warn(f"{where}.value", f"expected the offer's Lotse id, got {value!r}")
        else:
            record["id"] = value
    elif code in (PLACES_AVAILABLE, PLACES_MAXIMUM):
        if not isinstance(value, str) or not _WHOLE.match(value):
            reader.warn(f"{where}.value", f"expected a whole number of places, got {value!r}")
        else:
            places = record["capacity"] = record.get("capacity") or {}
            places["available" if code == PLACES_AVAILABLE else "maximum"] = int(value)
    elif code == "district":
        record["district"] = _enum(reader, f"{where}.value", value, District)
    elif code in ("childcare", "by_appointment"):
        if value not in ("true", "false"):
            reader.warn(f"{where}.value", f"expected 'true' or 'false', got {value!r}")
        record[code] = value == "true"
    elif code in ("valid_from", "valid_to"):
        try:
            record[code] = date.fromisoformat(str(value)).isoformat()
        except ValueError:
            reader.warn(f"{where}.value", f"expected a date YYYY-MM-DD, got {value!r}")
    else:
        reader.warn(f"{where}.taxonomy_term.code", f"unknown {TAXONOMY_OFFER} code {code!r}")


def _apply_rule(reader: JsonReader, where: str, code: Any, value: Any, rules: dict[str, Any]) -> None:
    if code in _LISTED:
        name, enum = _LISTED[code]
        rules.setdefault(name, []).append(_enum(reader, f"{where}.value", value, enum))
    elif code == "district":
        rules.setdefault("districts", []).append(_enum(reader, f"{where}.value", value, District))
    elif code in ("german_level_min", "german_level_max"):
        rules[code] = _enum(reader, f"{where}.value", value, GermanLevel)
    elif code == "requires_child_age":
        band = _CHILD_BAND.match(str(value))
        if band is None:
            reader.warn(f"{where}.value", f"expected an age band like '0-6', got {value!r}")
        else:
            rules[code] = [int(band[1]), int(band[2])]
    else:
        reader.warn(f"{where}.taxonomy_term.code", f"unknown {TAXONOMY_ELIGIBILITY} code {code!r}")


def _enum(reader: JsonReader, where: str, value: Any, enum: type[StrEnum]) -> str | None:
    allowed = [member.value for member in enum]
    if value not in allowed:
        reader.warn(where, f"unknown value {value!r}; allowed: {', '.join(allowed)}")
        return None
    return str(value)


def written_by_lotse(owner: dict[str, Any]) -> bool:
    """Whether a service or organization comes from a Lotse export (it carries Lotse's own attributes)."""
    attributes = owner.get("attributes")
    return isinstance(attributes, list) and any(
        isinstance(a, dict) and str((a.get("taxonomy_term") or {}).get("taxonomy", "")).startswith("lotse-")
        for a in attributes
    )
