"""Reads an HSDS 3 file into a ``Catalogue``; every problem is reported with its JSON path.

Nothing is returned unless the whole file is sound, so an import is all-or-nothing.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

import msgspec

from models.catalogue import Catalogue, catalogue_problems
from models.district import District
from models.offer import OfferRecord, Weekday
from models.offer_rules import offer_problems
from models.profile import Gender, GermanLevel, ResidenceStatus
from models.provider import ProviderKind, ProviderRecord
from seed.hsds.reader import JsonReader, Problem
from seed.hsds.vocabulary import (
    PLACES_UNIT,
    STEP_FREE,
    TAXONOMY_CATEGORY,
    TAXONOMY_ELIGIBILITY,
    TAXONOMY_OFFER,
    TAXONOMY_PROVIDER_KIND,
    TAXONOMY_TEXT,
)

_DAYS = {day.value[:2].upper(): day.value for day in Weekday}
_CLOCK = re.compile(r"^(\d{2}:\d{2})(:00)?$")
_CHILD_BAND = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_TEXT_CODE = re.compile(r"^(title|summary)\.([a-z]{2}(?:-[a-z]{2,8})?)$")
T = TypeVar("T")
_LISTED = {"gender": ("genders", Gender), "residence_status": ("residence_statuses", ResidenceStatus)}


class HsdsImportError(ValueError):
    """The file cannot be imported; ``problems`` names every bad record by JSON path and reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the HSDS file")
        self.problems = problems


def parse_hsds(raw: bytes | str) -> Catalogue:
    """The catalogue in ``raw`` (an HSDS page ``{"contents": [...]}`` or a plain array of services)."""
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HsdsImportError([Problem("$", f"not valid JSON: {error}")]) from None
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        services, base = document["contents"], "$.contents"
    elif isinstance(document, list):
        services, base = document, "$"
    else:
        raise HsdsImportError([Problem("$", 'expected an array of services or an object with "contents"')])

    reader = JsonReader()
    providers: dict[str, ProviderRecord] = {}
    offers: list[OfferRecord] = []
    paths: list[str] = []
    for i, raw_service in enumerate(services):
        path = f"{base}[{i}]"
        service = reader.object(raw_service, path)
        if service is None:
            continue
        before = len(reader.problems)
        offer = _offer(reader, service, path)
        provider = _provider(reader, service.get("organization"), f"{path}.organization")
        if offer is None or provider is None or len(reader.problems) > before:
            continue
        for where, reason in offer_problems(offer):
            reader.problem(path, f"{where}: {reason}")
        known = providers.setdefault(provider.id, provider)
        if known != provider:
            reader.problem(f"{path}.organization", f"organization {provider.id!r} differs from an earlier one")
        offers.append(offer)
        paths.append(path)
    catalogue = Catalogue(providers=sorted(providers.values(), key=lambda p: p.id), offers=offers)
    if not reader.problems:
        for where, reason in catalogue_problems(catalogue):
            reader.problem(*_service_path(where, reason, paths, base))
    if reader.problems:
        raise HsdsImportError(reader.problems)
    return catalogue


def _service_path(where: str, reason: str, paths: list[str], base: str) -> tuple[str, str]:
    match = re.match(r"^offers\[(\d+)\]\.?(.*)$", where)
    if match is None:
        return base, reason
    return paths[int(match[1])], f"{match[2]}: {reason}" if match[2] else reason


def _provider(reader: JsonReader, raw: Any, path: str) -> ProviderRecord | None:
    organization = reader.object(raw, path)
    if organization is None:
        return None
    kinds = [
        (f"{path}.attributes[{i}]", term.get("code"))
        for i, term in _terms(reader, organization, path)
        if term.get("taxonomy") == TAXONOMY_PROVIDER_KIND
    ]
    if len(kinds) != 1:
        reader.problem(f"{path}.attributes", f"needs exactly one {TAXONOMY_PROVIDER_KIND} attribute")
        return None
    kind_path, kind = kinds[0]
    if kind not in {member.value for member in ProviderKind}:
        reader.problem(kind_path, f"unknown provider kind {kind!r}; known: {', '.join(ProviderKind)}")
        return None
    phones = reader.array(organization, "phones", path)
    record = {
        "id": reader.string(organization, "id", path, required=True),
        "name": reader.string(organization, "name", path, required=True),
        "kind": kind,
        "description": reader.string(organization, "description", path),
        "contact": {
            "email": reader.string(organization, "email", path),
            "url": reader.string(organization, "website", path),
            "phone": _first_phone(reader, phones, path),
        },
    }
    return _convert(reader, record, ProviderRecord, path)


def _offer(reader: JsonReader, service: dict[str, Any], path: str) -> OfferRecord | None:
    service_id = reader.string(service, "id", path, required=True)
    organization = service.get("organization")
    org_id = service.get("organization_id")
    if isinstance(organization, dict) and org_id is not None and org_id != organization.get("id"):
        reader.problem(f"{path}.organization_id", "does not match organization.id")
    status = service.get("status", "active")
    if status != "active":
        reader.problem(f"{path}.status", f"only active services can be imported, got {status!r}")
    record: dict[str, Any] = {
        "id": service_id,
        "provider_id": organization.get("id") if isinstance(organization, dict) else None,
        "titles": {"de": reader.string(service, "name", path, required=True)},
        "summaries": {"de": reader.string(service, "description", path) or ""},
        "contact": {
            "email": reader.string(service, "email", path),
            "url": reader.string(service, "url", path),
            "phone": _first_phone(reader, reader.array(service, "phones", path), path),
        },
        "updated_at": _timestamp(reader, service, "last_modified", path),
        "confirmed_at": _assured(reader, service, path),
        "schedule": _schedule(reader, reader.array(service, "schedules", path), path),
        "languages": _languages(reader, reader.array(service, "languages", path), path),
        "cost": _cost(reader, reader.array(service, "cost_options", path), path),
        "capacity": _capacity(reader, reader.array(service, "capacities", path), path),
        "eligibility": {
            "min_age": reader.whole_number(service, "minimum_age", path),
            "max_age": reader.whole_number(service, "maximum_age", path),
        },
    }
    record.update(_location(reader, reader.array(service, "service_at_locations", path), path))
    _apply_attributes(reader, service, path, record)
    return _convert(reader, record, OfferRecord, path)


def _convert(reader: JsonReader, record: dict[str, Any], kind: type[T], path: str) -> T | None:
    try:
        return msgspec.convert(record, kind)
    except msgspec.ValidationError as error:
        reader.problem(path, str(error).replace("`$", "`"))
        return None


def _first_phone(reader: JsonReader, phones: list[Any], path: str) -> str | None:
    if not phones:
        return None
    phone = reader.object(phones[0], f"{path}.phones[0]")
    return None if phone is None else reader.string(phone, "number", f"{path}.phones[0]", required=True)


def _timestamp(reader: JsonReader, parent: dict[str, Any], key: str, path: str) -> str | None:
    value = reader.string(parent, key, path, required=True)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        reader.problem(f"{path}.{key}", f"not an ISO 8601 timestamp: {value!r}")
        return None
    if moment.tzinfo is None:
        reader.problem(f"{path}.{key}", "needs a time zone (e.g. +01:00 or Z)")
        return None
    return moment.isoformat()


def _assured(reader: JsonReader, service: dict[str, Any], path: str) -> str | None:
    """HSDS ``assured_date`` (the day the information was last checked) as when the offer was confirmed;
    without it the import counts as the confirmation."""
    value = reader.string(service, "assured_date", path)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        reader.problem(f"{path}.assured_date", f"not an ISO 8601 date: {value!r}")
        return None
    if day > date.today():
        reader.problem(f"{path}.assured_date", f"lies in the future: {value!r}")
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def _schedule(reader: JsonReader, schedules: list[Any], path: str) -> list[dict[str, str]]:
    slots: list[dict[str, str]] = []
    for i, raw in enumerate(schedules):
        where = f"{path}.schedules[{i}]"
        entry = reader.object(raw, where)
        if entry is None:
            continue
        if entry.get("freq") != "WEEKLY":
            reader.problem(f"{where}.freq", "only WEEKLY schedules are supported")
            continue
        days = (reader.string(entry, "byday", where, required=True) or "").split(",")
        times = [_clock(reader, entry, key, where) for key in ("opens_at", "closes_at")]
        for day in filter(None, (d.strip() for d in days)):
            if day not in _DAYS:
                reader.problem(f"{where}.byday", f"unknown weekday {day!r}; use MO, TU, WE, TH, FR, SA, SU")
            elif times[0] and times[1]:
                slots.append({"weekday": _DAYS[day], "start": times[0], "end": times[1]})
    return slots


def _clock(reader: JsonReader, entry: dict[str, Any], key: str, path: str) -> str | None:
    value = reader.string(entry, key, path, required=True)
    match = _CLOCK.match(value or "")
    if value is not None and match is None:
        reader.problem(f"{path}.{key}", f"expected a local time HH:MM, got {value!r}")
    return match[1] if match else None


def _languages(reader: JsonReader, languages: list[Any], path: str) -> list[str | None]:
    codes: list[str | None] = []
    for i, raw in enumerate(languages):
        entry = reader.object(raw, f"{path}.languages[{i}]")
        if entry is not None:
            codes.append(reader.string(entry, "code", f"{path}.languages[{i}]", required=True))
    return codes


def _cost(reader: JsonReader, options: list[Any], path: str) -> dict[str, Any]:
    if len(options) > 1:
        reader.problem(f"{path}.cost_options", "Lotse holds one cost option per offer")
    entry = reader.object(options[0], f"{path}.cost_options[0]") if options else None
    if entry is None:
        return {"free": True}
    where = f"{path}.cost_options[0]"
    if entry.get("currency", "EUR") != "EUR":
        reader.problem(f"{where}.currency", "amounts must be in EUR")
    amount = reader.number(entry, "amount", where, required=True)
    return {"free": not amount, "amount_eur": amount or None}


def _capacity(reader: JsonReader, capacities: list[Any], path: str) -> dict[str, Any] | None:
    if len(capacities) > 1:
        reader.problem(f"{path}.capacities", "Lotse holds one capacity (places) per offer")
    entry = reader.object(capacities[0], f"{path}.capacities[0]") if capacities else None
    if entry is None:
        return None
    where = f"{path}.capacities[0]"
    unit = entry.get("unit")
    if isinstance(unit, dict) and unit.get("identifier", PLACES_UNIT) != PLACES_UNIT:
        reader.problem(f"{where}.unit.identifier", f"the unit must be {PLACES_UNIT!r}")
    return {
        "available": reader.whole_number(entry, "available", where),
        "maximum": reader.whole_number(entry, "maximum", where),
    }


def _location(reader: JsonReader, links: list[Any], path: str) -> dict[str, Any]:
    if len(links) != 1:
        reader.problem(f"{path}.service_at_locations", "needs exactly one location")
        return {}
    link = reader.object(links[0], f"{path}.service_at_locations[0]")
    where = f"{path}.service_at_locations[0].location"
    location = reader.object(link.get("location"), where) if link else None
    if location is None:
        return {}
    addresses = reader.array(location, "addresses", where)
    address = reader.object(addresses[0], f"{where}.addresses[0]") if addresses else None
    if address is None:
        reader.problem(f"{where}.addresses", "needs an address")
        return {}
    street = reader.string(address, "address_1", f"{where}.addresses[0]", required=True) or ""
    postal_code = reader.string(address, "postal_code", f"{where}.addresses[0]")
    city = reader.string(address, "city", f"{where}.addresses[0]")
    step_free = any(
        isinstance(entry, dict) and entry.get("details") == STEP_FREE
        for entry in reader.array(location, "accessibility", where)
    )
    return {
        "address": f"{street}, {postal_code} {city}" if postal_code and city else street,
        "location": {
            "lat": reader.number(location, "latitude", where, required=True),
            "lon": reader.number(location, "longitude", where, required=True),
        },
        "accessible": step_free,
    }


def _terms(reader: JsonReader, owner: dict[str, Any], path: str) -> list[tuple[int, dict[str, Any]]]:
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


def _apply_attributes(reader: JsonReader, service: dict[str, Any], path: str, record: dict[str, Any]) -> None:
    """Category, district, flags, validity, texts and eligibility from the service's Lotse attributes."""
    rules = record["eligibility"]
    categories: list[str] = []
    for i, term in _terms(reader, service, path):
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
    if len(categories) != 1:
        reader.problem(
            f"{path}.attributes", f"needs exactly one {TAXONOMY_CATEGORY} attribute, found {len(categories)}"
        )
    else:
        record["category"] = categories[0]
    if "district" not in record:
        reader.problem(f"{path}.attributes", f"needs a {TAXONOMY_OFFER} attribute 'district'")


def _apply_text(reader: JsonReader, where: str, code: Any, value: Any, record: dict[str, Any]) -> None:
    match = _TEXT_CODE.match(str(code))
    if match is None or not isinstance(value, str):
        reader.problem(where, f"a {TAXONOMY_TEXT} attribute needs a code like 'title.en' and a text value")
        return
    record["titles" if match[1] == "title" else "summaries"][match[2]] = value


def _apply_offer_fact(reader: JsonReader, where: str, code: Any, value: Any, record: dict[str, Any]) -> None:
    if code == "district":
        record["district"] = _enum(reader, f"{where}.value", value, District)
    elif code in ("childcare", "by_appointment"):
        if value not in ("true", "false"):
            reader.problem(f"{where}.value", f"expected 'true' or 'false', got {value!r}")
        record[code] = value == "true"
    elif code in ("valid_from", "valid_to"):
        try:
            record[code] = date.fromisoformat(str(value)).isoformat()
        except ValueError:
            reader.problem(f"{where}.value", f"expected a date YYYY-MM-DD, got {value!r}")
    else:
        reader.problem(f"{where}.taxonomy_term.code", f"unknown {TAXONOMY_OFFER} code {code!r}")


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
            reader.problem(f"{where}.value", f"expected an age band like '0-6', got {value!r}")
        else:
            rules[code] = [int(band[1]), int(band[2])]
    else:
        reader.problem(f"{where}.taxonomy_term.code", f"unknown {TAXONOMY_ELIGIBILITY} code {code!r}")


def _enum(reader: JsonReader, where: str, value: Any, enum: type[StrEnum]) -> str | None:
    allowed = [member.value for member in enum]
    if value not in allowed:
        reader.problem(where, f"unknown value {value!r}; allowed: {', '.join(allowed)}")
        return None
    return str(value)
