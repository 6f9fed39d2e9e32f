"""The organizations of an HSDS file as Lotse providers, each kept verbatim for the export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import msgspec

from models.directory import EntryKind, SourceRecord
from models.offer import OFFER_ID_PATTERN
from models.provider import ProviderKind, ProviderRecord
from seed.hsds import parse_parts as parts
from seed.hsds.parse_attributes import terms, written_by_lotse
from seed.hsds.reader import JsonReader
from seed.hsds.salvage import salvage
from seed.hsds.vocabulary import PROVIDER_ID_TYPE, TAXONOMY_PROVIDER_KIND, lotse_id_of


@dataclass(frozen=True, slots=True)
class Organization:
    hsds_id: str
    record: ProviderRecord
    source: SourceRecord
    own: bool  # written by Lotse (it carries the Lotse provider id)


def organization_records(reader: JsonReader, services: list[tuple[str, dict[str, Any]]]) -> dict[str, Organization]:
    """Every organization nested in a service, by its HSDS id (the first copy counts; a differing later copy
    is warned about)."""
    found: dict[str, Organization] = {}
    documents: dict[str, dict[str, Any]] = {}
    for path, service in services:
        raw = service.get("organization")
        if raw is None:
            continue
        where = f"{path}.organization"
        organization = reader.object(raw, where)
        hsds_id = organization.get("id") if organization else None
        if organization is None or not isinstance(hsds_id, str) or not hsds_id or len(hsds_id) > 200:
            reader.warn(f"{where}.id", "an organization needs an id (text): the service waits for review")
            continue
        if hsds_id in documents:
            if documents[hsds_id] != organization:
                reader.warn(where, f"differs from an earlier copy of organization {hsds_id!r}: the first counts")
            continue
        documents[hsds_id] = organization
        record = _provider(reader, organization, where)
        if record is not None:
            source = SourceRecord(
                kind=EntryKind.ORGANIZATION,
                hsds_id=hsds_id,
                lotse_id=record.id,
                name=record.name,
                document=organization,
                baseline=msgspec.to_builtins(record),
            )
            own = written_by_lotse(organization, kind="organization")
            found[hsds_id] = Organization(hsds_id, record, source, own)
    return found


def _provider(reader: JsonReader, organization: dict[str, Any], path: str) -> ProviderRecord | None:
    kinds = [
        (f"{path}.attributes[{i}].taxonomy_term.code", term.get("code"))
        for i, term in terms(reader, organization, path)
        if term.get("taxonomy") == TAXONOMY_PROVIDER_KIND
    ]
    kind = ProviderKind.OTHER.value
    if kinds and kinds[0][1] in {member.value for member in ProviderKind}:
        kind = str(kinds[0][1])
    elif kinds:
        reader.warn(kinds[0][0], f"unknown provider kind {kinds[0][1]!r}: taken as 'other'")
    record = {
        "id": _provider_id(reader, organization, path),
        "name": reader.string(organization, "name", path, required=True),
        "kind": kind,
        "description": reader.string(organization, "description", path),
        "contact": {
            "email": reader.string(organization, "email", path),
            "url": reader.string(organization, "website", path),
            "phone": parts.first_phone(reader, reader.array(organization, "phones", path), path),
        },
    }
    origins = {
        "": path,
        "name": f"{path}.name",
        "description": f"{path}.description",
        "contact.email": f"{path}.email",
        "contact.url": f"{path}.website",
        "contact.phone": f"{path}.phones[0].number",
    }
    return salvage(reader, record, ProviderRecord, origins)


def _provider_id(reader: JsonReader, organization: dict[str, Any], path: str) -> str:
    """The provider's Lotse id: the organization identifier of type ``PROVIDER_ID_TYPE``, else from the HSDS id."""
    for i, raw in enumerate(reader.array(organization, "organization_identifiers", path)):
        where = f"{path}.organization_identifiers[{i}]"
        identifier = reader.object(raw, where)
        if identifier is not None and identifier.get("identifier_type") == PROVIDER_ID_TYPE:
            value = reader.string(identifier, "identifier", where)
            if value is not None and _is_lotse_id(value):
                return value
            reader.warn(f"{where}.identifier", f"{value!r} is no Lotse provider id: the HSDS id is used")
    return lotse_id_of("organization", str(organization["id"]))


def _is_lotse_id(value: str) -> bool:
    return re.match(OFFER_ID_PATTERN, value) is not None
