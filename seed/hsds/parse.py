"""Reads an HSDS 3 file into a ``Catalogue``: offers Lotse can recommend, and every service kept verbatim.

Only a file that is not HSDS at all (not JSON, no services, a service without id or name, the same id twice,
text where HSDS has an object or a list of objects, text with a NUL character) is refused, with every problem named by its JSON path; nothing of it is imported. Everything else imports:
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


# What HSDS 3.0 defines as a list of objects and as an object, under the same names at every level (from its
# schemas): a directory that holds anything else there is not HSDS, and the API and export could not serve it.
HSDS_LISTS = frozenset({
    "accessibility", "addresses", "attributes", "contacts", "cost_options", "funding", "languages", "locations",
    "metadata", "organization_identifiers", "phones", "programs", "required_documents", "schedules",
    "service_areas", "service_at_locations",
})  # fmt: skip
HSDS_OBJECTS = frozenset({"location", "organization", "program", "taxonomy_detail", "taxonomy_term"})


def _unfit_values(value: Any, path: str, depth: int, found: list[Problem]) -> list[Problem]:
    """Values JSON allows but no directory holds: infinite numbers, lone surrogates, NUL characters, absurd
    nesting, and what HSDS defines as objects (or lists of them) holding anything else."""
    if len(found) >= 20:
        return found
    if depth > MAX_DEPTH:
        found.append(Problem(path, f"nested more than {MAX_DEPTH} levels deep"))
    elif isinstance(value, dict):
        for key, item in value.items():
            _unfit_values(key, f"{path} (a key)", depth + 1, found)
            _unfit_shape(key, item, f"{path}.{key}", found)
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


def _unfit_shape(key: str, value: Any, path: str, found: list[Problem]) -> None:
    if value is None:
        return
    if key in HSDS_LISTS:
        if not isinstance(value, list):
            found.append(Problem(path, f"not HSDS: {key} must be a list of objects"))
            return
        for i, item in enumerate(value):
            _unfit_object(f"each item of {key}", item, f"{path}[{i}]", found)
    elif key in HSDS_OBJECTS:
        _unfit_object(key, value, path, found)


def _unfit_object(what: str, value: Any, path: str, found: list[Problem]) -> None:
    if not isinstance(value, dict):
        found.append(Problem(path, f"not HSDS: {what} must be an object"))
    elif "id" in value and not isinstance(value["id"], str):
        found.append(Problem(f"{path}.id", "not HSDS: an id must be text"))


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
