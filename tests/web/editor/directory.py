"""A small imported directory whose two services wait for review: neither has a Lotse category, one is in
Rethen, the other in Hannover (no place in Laatzen); both organizations are nested in their service."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from models.catalogue import store_catalogue
from models.database import create_engine, session_factory
from seed.hsds.parse import read_directory

RETHEN = "frauencafe-rethen-7f3"  # an HSDS id as a directory might write it
HANNOVER = "Beratung am Steintor / #2"  # any characters: never in a URL path


Place = tuple[float, float, str, str, str]  # latitude, longitude, street, postal code, city


def _service(hsds_id: str, name: str, *places: Place) -> dict[str, Any]:
    return {
        "id": hsds_id,
        "name": name,
        "description": f"{name}: Beratung und Begleitung für Neuzugewanderte.",
        "status": "active",
        "organization": {"id": f"org-{hsds_id}", "name": f"Verein {name}", "description": "Ein Verein."},
        "organization_id": f"org-{hsds_id}",
        "service_at_locations": [{"id": f"sal-{i}-{hsds_id}", "location": {
            "id": f"loc-{i}-{hsds_id}", "name": "Treffpunkt", "location_type": "physical", "latitude": lat,
            "longitude": lon, "addresses": [{"id": f"adr-{i}-{hsds_id}", "address_1": street, "city": city,
                                             "postal_code": postal_code, "state_province": "Niedersachsen",
                                             "country": "DE", "address_type": "physical"}]}}
            for i, (lat, lon, street, postal_code, city) in enumerate(places)],
    }  # fmt: skip


def directory() -> str:
    """Rethen's café also meets in Grasdorf (a further place); the Steintor is in Hannover."""
    return json.dumps([
        _service(RETHEN, "Frauencafé Rethen", (52.2830, 9.8230, "Hildesheimer Straße 12", "30880", "Laatzen-Rethen"),
                 (52.2975, 9.7860, "Marktplatz 1", "30880", "Laatzen-Grasdorf")),
        _service(HANNOVER, "Beratung am Steintor", (52.3745, 9.7386, "Steintor 3", "30159", "Hannover")),
    ])  # fmt: skip


def import_directory(url: str) -> None:
    """Stores the directory as ``lotse import`` does (its two services to review)."""
    asyncio.run(_import(url))


async def _import(url: str) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine).begin() as session:
            summary = await store_catalogue(session, read_directory(directory()).catalogue, replace=False)
            assert summary.to_review == 2 and summary.created == 0
    finally:
        await engine.dispose()
