"""The district of an HSDS place read from its address."""

from __future__ import annotations

import pytest

from models.district import District
from seed.hsds.places import _district_named

NAMED = [
    ("Laatzen-Rethen", District.RETHEN),
    ("30880 Laatzen-Grasdorf", District.GRASDORF),
    ("Laatzen-Ingeln-Oesselse", District.INGELN_OESSELSE),
    ("Laatzen-Mitte", District.LAATZEN_MITTE),
    ("Alt-Laatzen", District.ALT_LAATZEN),
    ("OT Gleidingen", District.GLEIDINGEN),
    ("Familienzentrum Grasdorf", District.GRASDORF),
    ("Laatzen", None),
    ("Hannover-Rethenweg", None),
]


@pytest.mark.parametrize(("text", "district"), NAMED)
def test_a_district_written_with_the_town_s_name_is_read(text: str, district: District | None) -> None:
    assert _district_named(text) == district
