"""The places of an HSDS service: every ``service_at_location`` with its address, coordinates and district.

The district comes from the address where it names one (``Laatzen-Rethen``, ``OT Gleidingen``, a location
called ``Familienzentrum Grasdorf``), else from the coordinates (the nearest district centre, if it is at
most ``IN_TOWN_KM`` away). A place outside Laatzen has no district. Unusable values are warned about and
dropped: a latitude of 100 leaves the place without coordinates, not the file without the service.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from models.district import District
from seed.hsds.reader import JsonReader
from seed.hsds.vocabulary import STEP_FREE

DISTRICTS_FILE = Path(__file__).parent.parent / "data" / "districts.toml"
IN_TOWN_KM = 2.5  # further from every district centre than this: outside Laatzen
_NAMES = {
    District("alt-laatzen"): ("alt-laatzen", "alt laatzen"),
    District("laatzen-mitte"): ("laatzen-mitte", "laatzen mitte", "leine-center"),
    District("grasdorf"): ("grasdorf",),
    District("rethen"): ("rethen",),
    District("gleidingen"): ("gleidingen",),
    District("ingeln-oesselse"): ("ingeln-oesselse", "ingeln", "oesselse"),
}


@dataclass(frozen=True, slots=True)
class Site:
    """One place of a service as Lotse reads it."""

    path: str  # the HSDS path of its service_at_location
    address: str | None
    district: District | None
    lat: float | None
    lon: float | None
    step_free: bool


def sites(reader: JsonReader, links: list[Any], path: str) -> list[Site]:
    """Every place of the service in file order (links without a usable location are warned about)."""
    found: list[Site] = []
    for i, raw in enumerate(links):
        where = f"{path}.service_at_locations[{i}]"
        link = reader.object(raw, where)
        location = reader.object(link.get("location"), f"{where}.location") if link else None
        if location is not None:
            found.append(_site(reader, location, f"{where}.location", where))
    return found


def _site(reader: JsonReader, location: dict[str, Any], where: str, link_path: str) -> Site:
    lat, lon = _coordinates(reader, location, where)
    addresses = reader.array(location, "addresses", where)
    address = reader.object(addresses[0], f"{where}.addresses[0]") if addresses else None
    text = _address_text(reader, address, f"{where}.addresses[0]") if address else None
    named = [reader.string(location, "name", where)]
    if address is not None:
        named += [reader.string(address, key, f"{where}.addresses[0]") for key in ("address_2", "city")]
    by_name = _district_named(" ".join(filter(None, named)))
    by_point = None if lat is None or lon is None else district_near(lat, lon)
    if by_name is not None and by_point is not None and by_name != by_point:
        reader.warn(where, f"the address names {by_name.value}, the coordinates lie in {by_point.value}: "
                    "the address counts")  # fmt: skip
    step_free = any(
        isinstance(entry, dict) and entry.get("details") == STEP_FREE
        for entry in reader.array(location, "accessibility", where)
    )
    return Site(link_path, text, by_name or by_point, lat, lon, step_free)


def _coordinates(reader: JsonReader, location: dict[str, Any], where: str) -> tuple[float | None, float | None]:
    lat = reader.number(location, "latitude", where)
    lon = reader.number(location, "longitude", where)
    if lat is not None and not -90 <= lat <= 90:
        reader.warn(f"{where}.latitude", f"{lat:g} is no latitude (-90 to 90): the coordinates are dropped")
        return None, None
    if lon is not None and not -180 <= lon <= 180:
        reader.warn(f"{where}.longitude", f"{lon:g} is no longitude (-180 to 180): the coordinates are dropped")
        return None, None
    if (lat is None) != (lon is None):
        reader.warn(where, "has only one of latitude and longitude: the coordinates are dropped")
        return None, None
    return lat, lon


def _address_text(reader: JsonReader, address: dict[str, Any], where: str) -> str | None:
    street = ", ".join(filter(None, (reader.string(address, key, where) for key in ("address_1", "address_2"))))
    postal_code = reader.string(address, "postal_code", where)
    city = reader.string(address, "city", where)
    place = " ".join(filter(None, (postal_code, city)))
    text = ", ".join(filter(None, (street, place)))[:300]
    return text if len(text) >= 3 else None


def _district_named(text: str) -> District | None:
    # "Laatzen-Rethen", as addresses write a district, names Rethen ("Laatzen-Mitte" stays itself).
    lowered = re.sub(r"(?<![\w-])laatzen-(?=\w)", "laatzen ", text.casefold())
    for district, names in _NAMES.items():
        if any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", lowered) for name in names):
            return district
    return None


def district_near(lat: float, lon: float) -> District | None:
    """The district whose centre is nearest to the point, or None when the point is outside Laatzen."""
    distance, district = min((_km(lat, lon, *centre), district) for district, centre in centres().items())
    return district if distance <= IN_TOWN_KM else None


@lru_cache(maxsize=1)
def centres() -> dict[District, tuple[float, float]]:
    table = tomllib.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))["centres"]
    return {District(code): (point["lat"], point["lon"]) for code, point in table.items()}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine; good to metres over a town)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
