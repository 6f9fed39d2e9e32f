"""The catalogue as HSDS documents: Lotse's own offers as Lotse writes them, imported ones merged with the
document their directory sent (``seed.hsds.merge``), and the imported services still to review verbatim."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.catalogue import Catalogue
from models.directory import EntryKind, SourceRecord
from models.offer import OfferRecord
from models.provider import ProviderRecord
from seed.hsds.export import hsds_page, organization_of, service_of
from seed.hsds.merge import merged_organization, merged_service


@dataclass(slots=True)
class Documents:
    """Looks up the imported document of an offer or provider by its Lotse id."""

    services: dict[str, SourceRecord] = field(default_factory=dict)
    organizations: dict[str, SourceRecord] = field(default_factory=dict)
    to_review: list[SourceRecord] = field(default_factory=list)

    @classmethod
    def of(cls, sources: list[SourceRecord]) -> Documents:
        documents = cls()
        for source in sources:
            if source.kind is EntryKind.ORGANIZATION:
                documents.organizations[source.lotse_id] = source
            elif source.review or source.baseline is None:
                documents.to_review.append(source)
            else:
                documents.services[source.lotse_id] = source
        documents.to_review.sort(key=lambda source: source.hsds_id)
        return documents

    def organization(self, provider: ProviderRecord) -> dict[str, Any]:
        generated = organization_of(provider)
        source = self.organizations.get(provider.id)
        return generated if source is None else merged_organization(generated, provider, source)

    def service(self, offer: OfferRecord, provider: ProviderRecord) -> dict[str, Any]:
        generated = service_of(offer, provider)
        generated["organization"] = self.organization(provider)
        source = self.services.get(offer.id)
        if source is None:
            return generated
        return merged_service(generated, offer, source, provider, self.organizations.get(provider.id))


def catalogue_to_hsds(catalogue: Catalogue) -> dict[str, Any]:
    """The whole catalogue as one HSDS page of fully nested services: offers sorted by their Lotse id, then
    the imported services still to review (by their HSDS id)."""
    providers = {provider.id: provider for provider in catalogue.providers}
    documents = Documents.of(catalogue.sources)
    offers = sorted(catalogue.offers, key=lambda offer: offer.id)
    services = [documents.service(offer, providers[offer.provider_id]) for offer in offers]
    services += [source.document for source in documents.to_review]
    return hsds_page(services, total=len(services), page=1, per_page=max(1, len(services)))
