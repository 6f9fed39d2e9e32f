"""The Lotse attributes of an HSDS service: category, offer facts, texts and eligibility."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

from models.district import District
from models.offer import Situation
from models.profile import Gender, GermanLevel, Housing, Literacy, ResidenceStatus
from models.taxonomy import CATEGORY_CODES
from seed.hsds.reader import JsonReader
from seed.hsds.vocabulary import (
    LOTSE_ID,
    PLACES_AVAILABLE,
    PLACES_MAXIMUM,
    PROVIDER_ID_TYPE,
    TAXONOMY_CATEGORY,
    TAXONOMY_ELIGIBILITY,
    TAXONOMY_OFFER,
    TAXONOMY_PROVIDER_KIND,
    TAXONOMY_TEXT,
    organization_uuid,
    service_uuid,
)

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_CHILD_BAND = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_TEXT_CODE = re.compile(r"^(title|summary)\.([a-z]{2}(?:-[a-z]{2,8})?)$")
_WHOLE = re.compile(r"^\d{1,9}$")
_LISTED: dict[str, tuple[str, type[StrEnum]]] = {
    "gender": ("genders", Gender),
    "residence_status": ("residence_statuses", ResidenceStatus),
    "housing_situation": ("housing_situations", Housing),
    "situation": ("situations", Situation),
    "literacy": ("literacy", Literacy),
}


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


def written_by_lotse(owner: dict[str, Any], *, kind: str) -> bool:
    """Whether a service or organization comes from a Lotse export, so Lotse's record is all of it.

    A service: its ``lotse-offer``/``id`` attribute names the Lotse id its UUID derives from; or (files of
    earlier Lotse versions, slug ids) it carries the ``childcare`` and ``by_appointment`` facts Lotse always
    wrote. An organization: its Lotse provider identifier names the id its UUID derives from; or (earlier
    versions) a ``lotse-provider-kind`` attribute and an id that is not a UUID. A directory that merely sets a
    Lotse category on its own services is not Lotse's: its document is kept.
    """
    facts = {}
    attributes = owner.get("attributes")
    for attribute in attributes if isinstance(attributes, list) else []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict) and isinstance(term.get("taxonomy"), str):
            facts[(term["taxonomy"], term.get("code"))] = attribute.get("value")
    own_id = str(owner.get("id"))
    if kind == "service":
        lotse_id = facts.get((TAXONOMY_OFFER, LOTSE_ID))
        if isinstance(lotse_id, str):
            return own_id == service_uuid(lotse_id)
        return {(TAXONOMY_OFFER, "childcare"), (TAXONOMY_OFFER, "by_appointment")} <= facts.keys()
    identifiers = owner.get("organization_identifiers")
    for identifier in identifiers if isinstance(identifiers, list) else []:
        if isinstance(identifier, dict) and identifier.get("identifier_type") == PROVIDER_ID_TYPE:
            return own_id == organization_uuid(str(identifier.get("identifier")))
    return any(taxonomy == TAXONOMY_PROVIDER_KIND for taxonomy, _ in facts) and not _UUID.match(own_id)
