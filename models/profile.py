"""The vocabulary of the needs profile: German levels, residence statuses, genders.

The offer catalogue's structured eligibility uses the same enumerations, so both sides compare directly.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from models.district import District
from models.taxonomy import FieldOfAction


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
        return _LEVEL_RANK[self]


_LEVEL_RANK = {level: rank for rank, level in enumerate(GermanLevel)}


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


class Work(StrEnum):
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    JOB_SEEKING = "job_seeking"
    IN_TRAINING = "in_training"
    NOT_PERMITTED = "not_permitted"
    NOT_SEEKING = "not_seeking"
    IN_SCHOOL = "in_school"
    RETIRED = "retired"


class Housing(StrEnum):
    OWN_FLAT = "own_flat"
    MUNICIPAL_FLAT = "municipal_flat"
    SHARED_ACCOMMODATION = "shared_accommodation"
    WITH_RELATIVES = "with_relatives"
    AT_RISK = "at_risk"
    HOMELESS = "homeless"
    YOUTH_HOUSING = "youth_housing"  # supported youth housing or a youth welfare home


class Qualification(StrEnum):
    NONE = "none"
    SCHOOL = "school"
    VOCATIONAL = "vocational"
    UNIVERSITY = "university"


class Literacy(StrEnum):
    """Reading and writing: ``none`` in no script, ``other_script`` not yet in Latin letters, ``latin`` in Latin letters."""

    NONE = "none"
    OTHER_SCRIPT = "other_script"
    LATIN = "latin"


class HealthNeed(StrEnum):
    DISABILITY = "disability"
    TRAUMA = "trauma"
    CHRONIC_ILLNESS = "chronic_illness"
    CARE_FOR_RELATIVE = "care_for_relative"


class Availability(StrEnum):
    MORNINGS = "mornings"
    AFTERNOONS = "afternoons"
    EVENINGS = "evenings"
    WEEKENDS = "weekends"


class PlanLanguage(StrEnum):
    DE = "de"
    DE_EASY = "de-easy"
    EN = "en"
    AR = "ar"
    UK = "uk"
    RU = "ru"
    TR = "tr"
    FA = "fa"


ChildAge = Annotated[int, msgspec.Meta(ge=0, le=17)]
SpokenLanguage = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2}$")]

# Keys a client might send that describe the person rather than their needs; the API refuses them by name.
IDENTIFYING_FIELDS = frozenset(
    {"name", "first_name", "last_name", "surname", "birth_date", "date_of_birth", "birthday", "nationality",
     "citizenship", "country_of_origin", "religion", "ethnicity", "address", "phone", "email"}
)  # fmt: skip


class NeedsProfile(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The short needs profile: what a person needs, never who they are.

    There is deliberately no field for a name, birth date, nationality or religion.
    """

    german_level: Annotated[GermanLevel, msgspec.Meta(description="German level on the CEFR scale (`none` … `C2`).")]
    children_ages: Annotated[
        list[ChildAge],
        msgspec.Meta(
            max_length=15,
            description="Ages of the person's children (0–17), youngest or oldest first; empty when there are none.",
        ),
    ]
    work: Annotated[Work, msgspec.Meta(description="The person's work situation.")]
    housing: Annotated[Housing, msgspec.Meta(description="Where the person lives now.")]
    age: Annotated[
        Annotated[int, msgspec.Meta(ge=0, le=120)] | None, msgspec.Meta(description="The person's age in years.")
    ] = None
    gender: Annotated[
        Gender | None, msgspec.Meta(description="The person's gender, where offers are for one gender only.")
    ] = None
    residence_status: Annotated[
        ResidenceStatus | None, msgspec.Meta(description="Residence status, where offers require one.")
    ] = None
    months_in_germany: Annotated[
        Annotated[int, msgspec.Meta(ge=0, le=1200)] | None,
        msgspec.Meta(description="How many months the person has been in Germany."),
    ] = None
    district: Annotated[
        District | None, msgspec.Meta(description="The district of Laatzen the person lives in (for distance).")
    ] = None
    languages: Annotated[
        list[SpokenLanguage],
        msgspec.Meta(max_length=12, description="Languages the person speaks (ISO 639-1 codes, e.g. `ar`)."),
    ] = msgspec.field(default_factory=list)
    qualification: Annotated[
        Qualification | None, msgspec.Meta(description="The highest qualification the person has.")
    ] = None
    foreign_qualification: Annotated[
        bool | None, msgspec.Meta(description="Whether the person has a qualification from abroad to be recognised.")
    ] = None
    pregnant: Annotated[bool | None, msgspec.Meta(description="Whether the person is pregnant.")] = None
    health: Annotated[list[HealthNeed], msgspec.Meta(description="Health needs of the person or their family.")] = (
        msgspec.field(default_factory=list)
    )
    availability: Annotated[list[Availability], msgspec.Meta(description="When the person can attend offers.")] = (
        msgspec.field(default_factory=list)
    )
    priorities: Annotated[
        list[FieldOfAction],
        msgspec.Meta(max_length=8, description="Fields of action the person names as most important."),
    ] = msgspec.field(default_factory=list)
    unaccompanied_minor: Annotated[
        bool | None, msgspec.Meta(description="Under 18 and in Germany without parents.")
    ] = None
    single_parent: Annotated[bool | None, msgspec.Meta(description="Brings up the children alone.")] = None
    literacy: Annotated[
        Literacy | None,
        msgspec.Meta(description="Reading and writing: `none`, `other_script` (not yet Latin letters) or `latin`."),
    ] = None
    plan_language: Annotated[PlanLanguage, msgspec.Meta(description="The language of the plan's texts.")] = (
        PlanLanguage.DE
    )
    limit: Annotated[int, msgspec.Meta(ge=1, le=30, description="How many recommendations the plan has at most.")] = 10
    # None: one offer per category, the others of that category as its alternatives.
    max_per_category: Annotated[
        Annotated[int, msgspec.Meta(ge=1, le=30)] | None,
        msgspec.Meta(
            description="Up to this many offers of one category as separate recommendations; without it, one per category with the others as its alternatives."
        ),
    ] = None

    def has_child_between(self, youngest: int, oldest: int) -> bool:
        return any(youngest <= age <= oldest for age in self.children_ages)
