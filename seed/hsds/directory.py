"""The catalogue as an HSDS 3.0 directory: the objects the HSDS API serves, their look-ups and filters.

Built in memory from a ``Catalogue`` (a few hundred offers); list items carry only the one-to-one fields of
the HSDS ``*_list`` schemas, single objects are fully nested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from models.catalogue import Catalogue
from seed.hsds.documents import Documents
from seed.hsds.taxonomy import TAXONOMY_DESCRIPTIONS, Term, all_terms, taxonomy_of
from seed.hsds.vocabulary import TAXONOMY_TEXT

Item = dict[str, Any]


def one_to_one(item: Item) -> Item:
    """``item`` without its arrays and nested objects (the HSDS list schemas), keeping a basic organization."""
    flat = {key: value for key, value in item.items() if not isinstance(value, list | dict)}
    if isinstance(item.get("organization"), dict):
        flat["organization"] = one_to_one(item["organization"])
    return flat


@dataclass(frozen=True, slots=True)
class ServiceQuery:
    """The filters of ``GET /services`` and ``GET /service_at_locations`` (all optional, combined with AND)."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None

    def matches(self, service: Item, directory: HsdsDirectory) -> bool:
        attributes = service.get("attributes", []) + service["organization"].get("attributes", [])
        terms = [a.get("taxonomy_term") or {} for a in attributes]  # an imported attribute may have no term
        term_ids = {a.get("taxonomy_term_id") for a in attributes} | {
            t.get(k) for t in terms for k in ("id", "parent_id")
        }
        checks = (
            self.search is None or _found(self.search, _service_text(service)),
            self.taxonomy_term_id is None or self.taxonomy_term_id in term_ids - {None},
            self.taxonomy_id is None or any(t.get("taxonomy_id") == self.taxonomy_id for t in terms),
            self.organization_id is None
            or directory.organization_ids.get(self.organization_id) == service["organization_id"],
            self.modified_after is None or _modified(service) >= self.modified_after,
        )
        return all(checks)


@dataclass(slots=True)
class HsdsDirectory:
    services: list[Item] = field(default_factory=list)  # fully nested, sorted by Lotse id
    organizations: list[Item] = field(default_factory=list)  # fully nested without services, by Lotse id
    terms: list[Term] = field(default_factory=list)
    service_ids: dict[str, int] = field(default_factory=dict)  # HSDS UUID or Lotse id -> index in services
    organization_ids: dict[str, str] = field(default_factory=dict)  # HSDS UUID or Lotse id -> HSDS UUID

    def service(self, service_id: str) -> Item | None:
        index = self.service_ids.get(service_id)
        return None if index is None else self.services[index]

    def find_services(self, query: ServiceQuery) -> list[Item]:
        return [service for service in self.services if query.matches(service, self)]

    def organization(self, organization_id: str, *, full_service: bool = False) -> Item | None:
        """The fully nested organization with its services (only ``id``, ``name``, ``status`` unless
        ``full_service``)."""
        uuid = self.organization_ids.get(organization_id)
        found = next((item for item in self.organizations if item["id"] == uuid), None)
        if found is None:
            return None
        services = [s for s in self.services if s["organization_id"] == uuid]
        listed = [
            {k: v for k, v in s.items() if k != "organization"}
            if full_service
            else {k: s[k] for k in ("id", "name", "status")}
            for s in services
        ]
        return {**found, "services": listed}

    def find_organizations(self, search: str | None) -> list[Item]:
        return [item for item in self.organizations if search is None or _found(search, _texts(item))]

    def service_at_locations(self, query: ServiceQuery) -> list[tuple[Item, Item]]:
        return [(service, link) for service in self.find_services(query) for link in service["service_at_locations"]]

    def service_at_location(self, link_id: str) -> Item | None:
        links = (link for service in self.services for link in service["service_at_locations"])
        return next((link for link in links if link["id"] == link_id), None)

    def taxonomies(self, search: str | None) -> list[Item]:
        found = [taxonomy_of(name) for name in TAXONOMY_DESCRIPTIONS]
        return [item for item in found if search is None or _found(search, _texts(item))]

    def taxonomy(self, taxonomy_id: str) -> Item | None:
        return next((item for item in self.taxonomies(None) if item["id"] == taxonomy_id), None)

    def find_terms(
        self,
        search: str | None = None,
        taxonomy_id: str | None = None,
        parent_id: str | None = None,
        *,
        top_only: bool = False,
    ) -> list[Item]:
        items = [term.to_hsds() for term in self.terms]
        checks: list[Callable[[Item], bool]] = [
            lambda item: search is None or _found(search, _texts(item)),
            lambda item: taxonomy_id is None or item["taxonomy_id"] == taxonomy_id,
            lambda item: parent_id is None or item.get("parent_id") == parent_id,
            lambda item: not top_only or "parent_id" not in item,
        ]
        return [item for item in items if all(check(item) for check in checks)]

    def term(self, term_id: str) -> Item | None:
        return next((item.to_hsds() for item in self.terms if item.id == term_id), None)


def directory_of(catalogue: Catalogue) -> HsdsDirectory:
    """The HSDS directory of ``catalogue``."""
    providers = {provider.id: provider for provider in catalogue.providers}
    documents = Documents.of(catalogue.sources)
    directory = HsdsDirectory()
    for index, offer in enumerate(sorted(catalogue.offers, key=lambda offer: offer.id)):
        service = documents.service(offer, providers[offer.provider_id])
        directory.services.append(service)
        directory.service_ids[service["id"]] = directory.service_ids[offer.id] = index
    for provider in sorted(catalogue.providers, key=lambda provider: provider.id):
        organization = documents.organization(provider)
        directory.organizations.append(organization)
        directory.organization_ids[organization["id"]] = directory.organization_ids[provider.id] = organization["id"]
    languages = {language for offer in catalogue.offers for language in (*offer.titles, *offer.summaries)}
    directory.terms = all_terms(languages)
    return directory


def _modified(service: Item) -> datetime:
    try:
        moment = datetime.fromisoformat(str(service.get("last_modified")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _texts(item: Item) -> str:
    return " ".join(str(value) for value in item.values() if isinstance(value, str)).casefold()


def _service_text(service: Item) -> str:
    texts = [str(a.get("value")) for a in service.get("attributes", [])
             if (a.get("taxonomy_term") or {}).get("taxonomy") == TAXONOMY_TEXT]  # fmt: skip
    names = [service["name"], str(service.get("description", "")), service["organization"]["name"], *texts]
    return " ".join(names).casefold()


def _found(search: str, text: str) -> bool:
    """Whether every word of ``search`` occurs in ``text`` (case-insensitive)."""
    return all(word in text for word in search.casefold().split())
