"""Reads an HSDS 3 file into a ``Catalogue``; every problem is reported with its JSON path.

Nothing is returned unless the whole file is sound, so an import is all-or-nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

import msgspec

from models.catalogue import Catalogue, catalogue_problems
from models.offer import OfferRecord
from models.offer_rules import offer_problems
from models.provider import ProviderKind, ProviderRecord
from seed.hsds import parse_parts as parts
from seed.hsds.parse_attributes import apply_attributes, terms
from seed.hsds.reader import JsonReader, Problem
from seed.hsds.vocabulary import PROVIDER_ID_TYPE, TAXONOMY_PROVIDER_KIND

T = TypeVar("T")


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
        for i, term in terms(reader, organization, path)
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
    organization_id = reader.string(organization, "id", path, required=True)
    record = {
        "id": _provider_id(reader, organization, path) or organization_id,
        "name": reader.string(organization, "name", path, required=True),
        "kind": kind,
        "description": reader.string(organization, "description", path),
        "contact": {
            "email": reader.string(organization, "email", path),
            "url": reader.string(organization, "website", path),
            "phone": parts.first_phone(reader, phones, path),
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
        "provider_id": _provider_id(JsonReader(), organization, "")  # problems: see _provider
        if isinstance(organization, dict)
        else None,
        "titles": {"de": reader.string(service, "name", path, required=True)},
        "summaries": {"de": reader.string(service, "description", path) or ""},
        "contact": {
            "email": reader.string(service, "email", path),
            "url": reader.string(service, "url", path),
            "phone": parts.first_phone(reader, reader.array(service, "phones", path), path),
        },
        "updated_at": parts.timestamp(reader, service, "last_modified", path),
        "confirmed_at": parts.assured(reader, service, path),
        "schedule": parts.schedule(reader, reader.array(service, "schedules", path), path),
        "languages": parts.languages(reader, reader.array(service, "languages", path), path),
        "cost": parts.cost(reader, reader.array(service, "cost_options", path), path),
        "capacity": parts.capacity(reader, reader.array(service, "capacities", path), path),
        "eligibility": {
            "min_age": reader.whole_number(service, "minimum_age", path),
            "max_age": reader.whole_number(service, "maximum_age", path),
        },
    }
    record.update(parts.location(reader, reader.array(service, "service_at_locations", path), path))
    apply_attributes(reader, service, path, record)
    return _convert(reader, record, OfferRecord, path)


def _convert(reader: JsonReader, record: dict[str, Any], kind: type[T], path: str) -> T | None:
    try:
        return msgspec.convert(record, kind)
    except msgspec.ValidationError as error:
        reader.problem(path, str(error).replace("`$", "`"))
        return None


def _provider_id(reader: JsonReader, organization: dict[str, Any], path: str) -> str | None:
    """The provider's Lotse id: the organization identifier of type ``PROVIDER_ID_TYPE`` (else the HSDS id)."""
    for i, raw in enumerate(reader.array(organization, "organization_identifiers", path)):
        where = f"{path}.organization_identifiers[{i}]"
        identifier = reader.object(raw, where)
        if identifier is not None and identifier.get("identifier_type") == PROVIDER_ID_TYPE:
            return reader.string(identifier, "identifier", where, required=True)
    return reader.string(organization, "id", path)
