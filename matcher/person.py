"""What the profile says about the whole person, read once: life stage, each child's age band, language,
reading and writing, time in Germany, work, housing and health. Needs rules and crossed features use these
facts; none of them is a protected attribute (no gender, nationality or religion).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.profile import HealthNeed, Housing, Literacy, NeedsProfile, ResidenceStatus, Work

# Children's age bands (inclusive): what each age asks of the family.
CHILD_BANDS: dict[str, tuple[int, int]] = {
    "baby": (0, 0),
    "toddler": (1, 2),
    "preschool": (3, 5),
    "primary": (6, 10),
    "secondary": (11, 15),
    "older_teen": (16, 17),
}
SENIOR_AGE = 65


@dataclass(frozen=True, slots=True)
class Person:
    """The facts, computed once per profile (the needs rules read them many times)."""

    profile: NeedsProfile
    level: int  # German, CEFR rank: none 0 … C2 6
    age: int | None
    months: int | None
    children: frozenset[str]  # the CHILD_BANDS the children fall into
    work: Work
    housing: Housing
    minor: bool
    young_adult: bool  # 16 to 21: school duty ends, SPRINT classes, the way into training
    senior: bool
    pupil: bool
    unaccompanied: bool
    small_child: bool
    school_child: bool
    pregnant: bool
    single_parent: bool
    cannot_read: bool
    other_script: bool
    settled: bool  # three years or more here and independent German (B1)
    working: bool
    in_procedure: bool  # asylum procedure or tolerated stay
    eu_citizen: bool
    losing_home: bool
    carer: bool
    evenings_or_weekends_only: bool

    @classmethod
    def of(cls, profile: NeedsProfile) -> Person:
        age, months, level = profile.age, profile.months_in_germany, profile.german_level.rank
        children = frozenset(
            band for band, (low, high) in CHILD_BANDS.items() if any(low <= a <= high for a in profile.children_ages)
        )
        free = set(profile.availability)
        return cls(
            profile=profile,
            level=level,
            age=age,
            months=months,
            children=children,
            work=profile.work,
            housing=profile.housing,
            minor=bool(profile.unaccompanied_minor) or (age is not None and age < 18),
            young_adult=age is not None and 16 <= age <= 21,
            senior=(age is not None and age >= SENIOR_AGE) or profile.work == Work.RETIRED,
            pupil=profile.work == Work.IN_SCHOOL or (age is not None and age <= 15),
            unaccompanied=bool(profile.unaccompanied_minor),
            small_child=bool(children & {"baby", "toddler", "preschool"}),
            school_child=bool(children & {"primary", "secondary", "older_teen"}),
            pregnant=bool(profile.pregnant),
            single_parent=bool(profile.single_parent),
            cannot_read=profile.literacy == Literacy.NONE,
            other_script=profile.literacy == Literacy.OTHER_SCRIPT,
            settled=months is not None and months >= 36 and level >= 3,
            working=profile.work in (Work.EMPLOYED, Work.SELF_EMPLOYED, Work.IN_TRAINING),
            in_procedure=profile.residence_status in (ResidenceStatus.ASYLUM_SEEKER, ResidenceStatus.TOLERATED),
            eu_citizen=profile.residence_status == ResidenceStatus.EU_CITIZEN,
            losing_home=profile.housing in (Housing.HOMELESS, Housing.AT_RISK),
            carer=HealthNeed.CARE_FOR_RELATIVE in profile.health,
            evenings_or_weekends_only=bool(free) and free <= {"evenings", "weekends"},
        )

    def aged(self, low: int, high: int) -> bool:
        return self.age is not None and low <= self.age <= high

    def child(self, *bands: str) -> bool:
        return any(band in self.children for band in bands)

    def here_less_than(self, months: int) -> bool:
        return self.months is not None and self.months < months

    def here_at_least(self, months: int) -> bool:
        return self.months is not None and self.months >= months

    def health(self, need: HealthNeed) -> bool:
        return need in self.profile.health
