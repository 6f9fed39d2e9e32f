"""An imported service or organization written back: its own document, with what Lotse changed written over it.

A field Lotse models and nobody changed since the import comes back exactly as the directory sent it; a field
an editor changed is written as Lotse writes it; every field Lotse does not model comes back unchanged. The
Lotse attributes (category, district, facts) are always Lotse's own, after the directory's other attributes.
"""

from __future__ import annotations

from typing import Any

import msgspec

from models.directory import SourceRecord
from models.offer import OfferRecord
from models.provider import ProviderRecord
from seed.hsds.vocabulary import PROVIDER_ID_TYPE

LOTSE_TAXONOMY_PREFIX = "lotse-"
# Which HSDS keys each Lotse field is written to (docs/hsds.md, "Import").
SERVICE_KEYS: dict[str, tuple[str, ...]] = {
    "titles": ("name",),
    "summaries": ("description",),
    "contact": ("url", "email", "phones"),
    "updated_at": ("last_modified",),
    "confirmed_at": ("assured_date",),
    "schedule": ("schedules",),
    "languages": ("languages",),
    "cost": ("cost_options", "fees_description"),
    "eligibility": ("minimum_age", "maximum_age"),
    "address": ("service_at_locations",),
    "location": ("service_at_locations",),
    "accessible": ("service_at_locations",),
    "places": ("service_at_locations",),
}
ORGANIZATION_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "description": ("description",),
    "contact": ("email", "website", "phones"),
}


def merged_service(
    generated: dict[str, Any],
    offer: OfferRecord,
    source: SourceRecord,
    provider: ProviderRecord,
    organization: SourceRecord | None,
) -> dict[str, Any]:
    """``generated`` (Lotse's own HSDS for ``offer``) laid over the directory's document; the nested
    organization is the service's own copy, merged the same way (``organization``: the provider's entry)."""
    before = msgspec.convert(source.baseline, OfferRecord) if source.baseline else None
    merged = _merged(generated, source, _changed(offer, before, SERVICE_KEYS))
    own = source.document.get("organization")
    if isinstance(own, dict) and organization is not None and own.get("id") == organization.hsds_id:
        copy = msgspec.structs.replace(organization, document=own)
        merged["organization"] = merged_organization(generated["organization"], provider, copy)
    else:
        merged["organization"] = generated["organization"]
    if not isinstance(merged.get("organization_id"), str):
        merged["organization_id"] = merged["organization"]["id"]
    return merged


def merged_organization(generated: dict[str, Any], provider: ProviderRecord, source: SourceRecord) -> dict[str, Any]:
    before = msgspec.convert(source.baseline, ProviderRecord) if source.baseline else None
    merged = _merged(generated, source, _changed(provider, before, ORGANIZATION_KEYS))
    identifiers = merged.get("organization_identifiers")
    if isinstance(identifiers, list) and not any(
        isinstance(i, dict) and i.get("identifier_type") == PROVIDER_ID_TYPE for i in identifiers
    ):
        lotse = [i for i in generated["organization_identifiers"] if i["identifier_type"] == PROVIDER_ID_TYPE]
        merged["organization_identifiers"] = identifiers + _relinked(lotse, generated["id"], source.hsds_id)
    elif "organization_identifiers" not in merged:
        merged["organization_identifiers"] = _relinked(generated["organization_identifiers"], generated["id"],
                                                       source.hsds_id)  # fmt: skip
    return merged


def _changed(current: Any, before: Any, keys: dict[str, tuple[str, ...]]) -> set[str]:
    """The HSDS keys whose Lotse field differs from what the import read (all of them without a baseline)."""
    changed: set[str] = set()
    for name, targets in keys.items():
        if before is None or getattr(current, name) != getattr(before, name):
            changed.update(targets)
    return changed


def _merged(generated: dict[str, Any], source: SourceRecord, changed: set[str]) -> dict[str, Any]:
    own = _relinked(generated, generated["id"], source.hsds_id)
    merged = dict(source.document)
    for key in changed:
        if key in own:
            merged[key] = own[key]
        else:
            merged.pop(key, None)
    merged_attributes = _attributes(merged.get("attributes"), own.get("attributes", []))
    if merged_attributes:
        merged["attributes"] = merged_attributes
    merged["id"] = source.hsds_id
    return merged


def _attributes(theirs: Any, lotse: list[dict[str, Any]]) -> list[Any]:
    """The directory's attributes in their order, then Lotse's facts it does not carry already. A ``lotse-*``
    attribute of the directory stays as it was while it says what Lotse holds, and goes when an editor changed
    that fact (Lotse's own attribute then says it)."""
    facts = {_fact(a): a for a in lotse}
    kept, said = [], set()
    for attribute in theirs if isinstance(theirs, list) else []:
        if not _is_lotse(attribute):
            kept.append(attribute)
            continue
        match = next((key for key in facts if _says(attribute, key)), None)
        if match is not None:
            kept.append(attribute)
            said.add(match)
    return kept + [attribute for key, attribute in facts.items() if key not in said]


def _fact(attribute: dict[str, Any]) -> tuple[str, str, str]:
    term = _term(attribute)
    return str(term.get("taxonomy")), str(term.get("code")), str(attribute.get("value"))


def _term(attribute: dict[str, Any]) -> dict[str, Any]:
    """The attribute's term; an imported attribute may have none (its document is kept as it came)."""
    term = attribute.get("taxonomy_term")
    return term if isinstance(term, dict) else {}


def _says(attribute: dict[str, Any], fact: tuple[str, str, str]) -> bool:
    term = _term(attribute)
    value = attribute.get("value")
    return (term.get("taxonomy"), term.get("code")) == fact[:2] and (value is None or str(value) == fact[2])


def _is_lotse(attribute: Any) -> bool:
    term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
    taxonomy = term.get("taxonomy") if isinstance(term, dict) else None
    return isinstance(taxonomy, str) and taxonomy.startswith(LOTSE_TAXONOMY_PREFIX)


def _relinked(value: Any, old: str, new: str) -> Any:
    """``value`` with every reference to the generated id ``old`` pointing at the directory's id ``new``."""
    if value == old:
        return new
    if isinstance(value, dict):
        return {key: _relinked(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_relinked(item, old, new) for item in value]
    return value
