"""The vocabulary of the needs profile: German levels, residence statuses, genders.

The offer catalogue's structured eligibility uses the same enumerations, so both sides compare directly.
"""

from __future__ import annotations

from enum import StrEnum


class GermanLevel(StrEnum):
    NONE = "none"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        """Position on the CEFR scale: ``none`` is 0, C2 is 6."""
        return list(GermanLevel).index(self)


class ResidenceStatus(StrEnum):
    ASYLUM_SEEKER = "asylum_seeker"
    RECOGNISED = "recognised"
    TEMPORARY_PROTECTION = "temporary_protection"
    TOLERATED = "tolerated"
    EU_CITIZEN = "eu_citizen"
    OTHER = "other"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    DIVERSE = "diverse"
