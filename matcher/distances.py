"""Approximate road distances between Laatzen's district centres (data: seed/data/districts.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matcher.offer_matrix import DISTRICTS

DISTRICTS_FILE = Path(__file__).parent.parent / "seed" / "data" / "districts.toml"


@cache
def distance_matrix() -> npt.NDArray[np.float32]:
    """``(districts, districts)`` km between district centres, in ``DISTRICTS`` order."""
    with DISTRICTS_FILE.open("rb") as file:
        pairs: dict[str, float] = tomllib.load(file)["distances_km"]
    index = {district.value: i for i, district in enumerate(DISTRICTS)}
    km = np.zeros((len(DISTRICTS), len(DISTRICTS)), dtype=np.float32)
    for pair, distance in pairs.items():
        first, second = (index[code] for code in pair.split("/"))
        km[first, second] = km[second, first] = distance
    missing = [(a, b) for a in range(len(DISTRICTS)) for b in range(a + 1, len(DISTRICTS)) if km[a, b] == 0]
    if missing:
        raise ValueError(f"{DISTRICTS_FILE} lacks distances for {missing}")
    return km
