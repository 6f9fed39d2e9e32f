"""Names shared by the HSDS reader and writer: Lotse's taxonomies, identifiers and the UUID scheme.

Every HSDS object Lotse writes has a UUID 5 in ``LOTSE_NAMESPACE`` over a path of Lotse ids, e.g.
``service/ik-frauen-rethen`` or ``phone/service/ik-frauen-rethen/0``: the same Lotse id always gives the same
UUID, on every export and on every server, so other directories can keep them (docs/hsds.md lists the paths).
"""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

from models.offer import OFFER_ID_PATTERN

LOTSE_NAMESPACE = uuid.UUID("6f1d3c52-8a8e-4c55-9b0e-4c6f7461747a")

TAXONOMY_FIELD = "lotse-field"
TAXONOMY_CATEGORY = "lotse-category"
TAXONOMY_ELIGIBILITY = "lotse-eligibility"
TAXONOMY_OFFER = "lotse-offer"
TAXONOMY_TEXT = "lotse-text"
TAXONOMY_PROVIDER_KIND = "lotse-provider-kind"

LOTSE_ID = "id"  # the lotse-offer term whose attribute value is the offer's Lotse id
PROVIDER_ID_TYPE = "Lotse provider id"  # organization_identifiers[].identifier_type of the provider's Lotse id
PLACES_AVAILABLE = "places_available"
PLACES_MAXIMUM = "places_maximum"
STEP_FREE = "step_free"
PLACES_UNIT = "places"  # the unit of HSDS 3.1 ``capacities`` that older Lotse exports carried
HSDS_VERSION = "3.0"


@lru_cache(maxsize=1 << 16)  # a catalogue has some ten thousand; uuid5 is the slow part of an export
def lotse_uuid(kind: str, *parts: object) -> str:
    """The UUID of the HSDS object ``kind`` named by ``parts`` (Lotse ids, codes, positions): stable forever."""
    return str(uuid.uuid5(LOTSE_NAMESPACE, "/".join(str(part) for part in (kind, *parts))))


def service_uuid(offer_id: str) -> str:
    return lotse_uuid("service", offer_id)


def organization_uuid(provider_id: str) -> str:
    return lotse_uuid("organization", provider_id)


def taxonomy_uuid(taxonomy: str) -> str:
    return lotse_uuid("taxonomy", taxonomy)


def term_uuid(taxonomy: str, code: str) -> str:
    return lotse_uuid("taxonomy_term", taxonomy, code)


def lotse_id_of(kind: str, hsds_id: str) -> str:
    """The Lotse id of an imported HSDS object: its own id where that is one (a lower-case UUID is), else a
    UUID derived from it, so the same directory id always gives the same Lotse id."""
    lowered = hsds_id.strip().lower()
    if re.match(OFFER_ID_PATTERN, lowered):
        return lowered
    return lotse_uuid(f"imported-{kind}", hsds_id)
