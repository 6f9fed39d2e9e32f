"""Names shared by the HSDS reader and writer: Lotse's taxonomies and deterministic sub-object ids."""

from __future__ import annotations

import uuid

# Namespace of the deterministic ids of sub-objects (schedules, languages, attributes ...), so that the
# same catalogue always exports to the same file.
LOTSE_NAMESPACE = uuid.UUID("6f1d3c52-8a8e-4c55-9b0e-4c6f7461747a")

TAXONOMY_FIELD = "lotse-field"
TAXONOMY_CATEGORY = "lotse-category"
TAXONOMY_ELIGIBILITY = "lotse-eligibility"
TAXONOMY_OFFER = "lotse-offer"
TAXONOMY_TEXT = "lotse-text"
TAXONOMY_PROVIDER_KIND = "lotse-provider-kind"

STEP_FREE = "step_free"
PLACES_UNIT = "places"
HSDS_VERSION = "3.0"


def stable_id(*parts: object) -> str:
    """A UUID derived from ``parts``: equal inputs give equal ids on every export."""
    return str(uuid.uuid5(LOTSE_NAMESPACE, "/".join(str(part) for part in parts)))


def term_id(taxonomy: str, code: str) -> str:
    return stable_id("term", taxonomy, code)
