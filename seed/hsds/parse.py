"""Reads an HSDS 3 file into a ``Catalogue``: offers Lotse can recommend, and every service kept verbatim.

Only a file that is not HSDS at all (not JSON, no services, a service without id or name, the same id twice,
something else where the API and export read HSDS objects, text with a NUL character) is refused, with every problem named by its JSON path; nothing of it is imported. Everything else imports:
a value Lotse cannot use is a warning and dropped; a service Lotse cannot recommend yet (no category, no
place in Laatzen, not active) is kept *to review*.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from models.catalogue import Catalogue
from models.directory import EntryKind, SourceRecord
from models.district import District
from models.offer import OfferRecord
from models.provider import ProviderRecord
from seed.hsds import service_record
from seed.hsds.mapping import TermMapping
from seed.hsds.organization import organization_records
from seed.hsds.reader import JsonReader, Problem


class HsdsImportError(ValueError):
    """The file cannot be imported; ``problems`` names every bad record by JSON path and reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the HSDS file")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Decision:
    """What an editor decided for a service of an earlier import (used where the file and mapping are silent)."""

    category: str
    district: District


@dataclass(slots=True)
class DirectoryRead:
    catalogue: Catalogue
    warnings: list[Problem] = field(default_factory=list)


def parse_hsds(raw: bytes | str) -> Catalogue:
    """The catalogue in ``raw`` (an HSDS page ``{"contents": [...]}`` or a plain array of services)."""
    return read_directory(raw).catalogue


def read_directory(
    raw: bytes | str, *, mapping: TermMapping | None = None, decisions: dict[str, Decision] | None = None
) -> DirectoryRead:
    """Everything in ``raw``; raises ``HsdsImportError`` with every problem when the file is not HSDS."""
    services, base = _services(raw)
    reader = JsonReader()
    objects = _checked(reader, services, base)
    if reader.problems:
        raise HsdsImportError(reader.problems)
    organizations = organization_records(reader, objects)
    offers: list[OfferRecord] = []
    sources: list[SourceRecord] = []
    used: set[str] = set()
    for path, service in objects:
        before = len(reader.warnings)
        organization = organizations.get(_organization_key(service) or "")
        nested, named = service.get("organization"), service.get("organization_id")
        if isinstance(nested, dict) and named is not None and named != nested.get("id"):
            reader.warn(f"{path}.organization_id", "differs from organization.id: the nested organization counts")
        read = service_record.read(reader, service, path, organization, mapping, decisions or {})
        source = SourceRecord(
            kind=EntryKind.SERVICE,
            hsds_id=service["id"],
            lotse_id=read.lotse_id,
            name=service["name"],
            document=service,
            review=read.review,
            warnings=[str(problem) for problem in reader.warnings[before:]],
            organization_id=None if organization is None else organization.hsds_id,
            own=read.own,
        )
        if read.offer is not None and organization is not None:
            offers.append(read.offer)
            used.add(organization.record.id)
            source.baseline = service_record.baseline(read.offer)
        if not (read.own and read.offer):  # Lotse's own export: the offer is all of it
            sources.append(source)
    duplicates = [lotse_id for lotse_id, n in Counter(o.id for o in offers).items() if n > 1]
    if duplicates:
        raise HsdsImportError([Problem(base, f"two services carry the Lotse id {d!r}") for d in duplicates])
    providers: dict[str, ProviderRecord] = {}
    for organization in organizations.values():
        providers.setdefault(organization.record.id, organization.record)
        if not organization.own:
            sources.append(organization.source)
    catalogue = Catalogue(
        providers=sorted((p for p in providers.values() if p.id in used), key=lambda p: p.id),
        offers=offers,
        sources=_unique(sources),
    )
    return DirectoryRead(catalogue, reader.warnings)


def _services(raw: bytes | str) -> tuple[list[Any], str]:
    try:
        document = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError, NaN, 4300+ digits
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)[:200]
        raise HsdsImportError([Problem("$", f"not valid JSON: {reason}")]) from None
    unfit = _unfit_values(document, "$", 0, [])
    if unfit:
        raise HsdsImportError(unfit)
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"], "$.contents"
    if isinstance(document, list):
        return document, "$"
    if isinstance(document, dict) and {"id", "name"} <= document.keys():
        return [document], ""  # one service, as the HSDS API's GET /services/{id} returns it
    raise HsdsImportError([Problem("$", 'not HSDS: expected an array of services, an object with "contents" '
                                        "or one service object")])  # fmt: skip


MAX_DEPTH = 64  # HSDS nests some ten levels deep; far deeper is no directory


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unfit_values(value: Any, path: str, depth: int, found: list[Problem]) -> list[Problem]:
    """Values JSON allows but no directory holds: infinite numbers, lone surrogates, NUL characters, absurd
    nesting."""
    if len(found) >= 20:
        return found
    if depth > MAX_DEPTH:
        found.append(Problem(path, f"nested more than {MAX_DEPTH} levels deep"))
    elif isinstance(value, dict):
        for key, item in value.items():
            _unfit_values(key, f"{path} (a key)", depth + 1, found)
            _unfit_values(item, f"{path}.{key}", depth + 1, found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _unfit_values(item, f"{path}[{i}]", depth + 1, found)
    elif isinstance(value, float) and not math.isfinite(value):
        found.append(Problem(path, "a number too large for JSON"))
    elif isinstance(value, str) and any("\ud800" <= char <= "\udfff" for char in value):
        found.append(Problem(path, "text with an invalid character (a lone UTF-16 surrogate)"))
    elif isinstance(value, str) and "\x00" in value:
        found.append(Problem(path, "text with a NUL character (\\u0000)"))
    return found


def _structure_problems(service: dict[str, Any], path: str) -> list[Problem]:
    """Where a service holds something else than the objects the HSDS API and the export read (they answered 500
    for every listing): its attributes and its organization's, the organization's identifiers, its service at
    locations (each with a text id) and their locations. Other misshaped values import with a warning."""
    found: list[Problem] = []
    _objects(service, "attributes", path, found, term=True)
    _objects(service, "service_at_locations", path, found, text_id=True, inner="location")
    organization = service.get("organization")
    if organization is not None and not isinstance(organization, dict):
        found.append(Problem(f"{path}.organization", "not HSDS: organization must be an object"))
    elif organization is not None:
        _objects(organization, "attributes", f"{path}.organization", found, term=True)
        _objects(organization, "organization_identifiers", f"{path}.organization", found)
    return found


def _objects(owner: dict[str, Any], key: str, path: str, found: list[Problem], *, term: bool = False,
             text_id: bool = False, inner: str | None = None) -> None:  # fmt: skip
    items = owner.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        found.append(Problem(f"{path}.{key}", f"not HSDS: {key} must be a list of objects"))
        return
    for i, item in enumerate(items):
        where = f"{path}.{key}[{i}]"
        if not isinstance(item, dict):
            found.append(Problem(where, f"not HSDS: each item of {key} must be an object"))
        elif term and item.get("taxonomy_term") is not None and not isinstance(item["taxonomy_term"], dict):
            found.append(Problem(f"{where}.taxonomy_term", "not HSDS: taxonomy_term must be an object"))
        elif text_id and not isinstance(item.get("id"), str):
            found.append(Problem(f"{where}.id", "not HSDS: every item needs an id (text)"))
        elif inner is not None and item.get(inner) is not None and not isinstance(item[inner], dict):
            found.append(Problem(f"{where}.{inner}", f"not HSDS: {inner} must be an object"))


def _checked(reader: JsonReader, services: list[Any], base: str) -> list[tuple[str, dict[str, Any]]]:
    """The services that have what HSDS requires of every service (an object with a string id and name)."""
    objects: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, str] = {}
    for i, service in enumerate(services):
        path = f"{base}[{i}]" if base else "$"
        if not isinstance(service, dict):
            reader.problem(path, "not HSDS: a service must be an object")
            continue
        for key in ("id", "name"):
            value = service.get(key)
            if not isinstance(value, str) or not value.strip():
                reader.problem(f"{path}.{key}", "not HSDS: every service needs an id and a name (text)")
        for problem in _structure_problems(service, path):
            reader.problem(problem.path, problem.reason)
        service_id = service.get("id")
        if isinstance(service_id, str) and len(service_id) > 200:
            reader.problem(f"{path}.id", "an id of more than 200 characters")
        elif isinstance(service_id, str) and service_id in seen:
            reader.problem(f"{path}.id", f"the id {service_id!r} occurs twice (first at {seen[service_id]})")
        elif isinstance(service_id, str):
            seen[service_id] = path
        objects.append((path, service))
    return objects


def _organization_key(service: dict[str, Any]) -> str | None:
    organization = service.get("organization")
    if isinstance(organization, dict) and isinstance(organization.get("id"), str):
        return str(organization["id"])
    value = service.get("organization_id")
    return value if isinstance(value, str) else None


def _unique(sources: list[SourceRecord]) -> list[SourceRecord]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for source in sources:
        if (source.kind, source.hsds_id) not in seen:
            seen.add((source.kind, source.hsds_id))
            kept.append(source)
    return kept
