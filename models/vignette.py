"""Consultation vignettes: a needs profile with a counsellor's graded judgement of every kind of help.

The vignettes in ``seed/vignettes/`` are the ground truth the ranking is measured and trained against
(docs/vignettes.md). Grades are per category: 3 needed now, 2 clearly useful, 1 worth mentioning, 0 not now.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from models.profile import NeedsProfile

Grade = Annotated[int, msgspec.Meta(ge=0, le=3)]


class LifeSituation(StrEnum):
    UNACCOMPANIED_MINOR = "unaccompanied_minor"
    YOUNG_ADULT = "young_adult"
    PARENTS_SMALL_CHILDREN = "parents_small_children"
    PARENTS_SCHOOL_CHILDREN = "parents_school_children"
    PREGNANT = "pregnant"
    SINGLE_PARENT = "single_parent"
    SENIOR = "senior"
    CARER = "carer"
    DISABILITY = "disability"
    TRAUMA = "trauma"
    HOMELESS_AT_RISK = "homeless_at_risk"
    SHARED_ACCOMMODATION = "shared_accommodation"
    ILLITERATE = "illiterate"
    FOREIGN_QUALIFICATION = "foreign_qualification"
    EU_WORKER = "eu_worker"
    WORK_BAN_TOLERATED = "work_ban_tolerated"
    EVENINGS_WEEKENDS = "evenings_weekends"
    LONG_SETTLED = "long_settled"
    REMOTE_DISTRICT = "remote_district"


class Vignette(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")]
    situations: Annotated[list[LifeSituation], msgspec.Meta(min_length=1)]
    rationale: Annotated[str, msgspec.Meta(min_length=10, max_length=300)]
    profile: NeedsProfile
    grades: dict[str, Grade]
    must_not: list[str] = msgspec.field(default_factory=list)
    urgent: str | None = None
    avoid_offers: list[str] = msgspec.field(default_factory=list)  # offers of a fitting category that do not fit

    @property
    def situation(self) -> LifeSituation:
        """The life situation the vignette was written for (the first one listed)."""
        return self.situations[0]
