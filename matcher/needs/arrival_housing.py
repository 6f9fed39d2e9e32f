"""Needs in the fields "Willkommenskultur" and "Wohnen und Leben"."""

from __future__ import annotations

from matcher.person import Person
from models.profile import HealthNeed, Housing, ResidenceStatus


def welcome_info(p: Person) -> float:
    if p.months is None:
        return 0.3 if p.level <= 1 else 0.1
    return 0.9 if p.months < 3 else 0.8 if p.months < 6 else 0.5 if p.months < 12 else 0.2 if p.months < 24 else 0.05


def social_counselling(p: Person) -> float:
    """Migration counselling for adults, the youth migration service, refugee social work, general counselling."""
    if p.unaccompanied:
        return 1.0 if p.months is None or p.months < 6 else 0.75
    options = [0.3]
    if p.losing_home:
        options.append(0.85)
    if p.in_procedure:
        options.append(0.85)  # asylum procedure and residence counselling
    if p.health(HealthNeed.DISABILITY):
        options.append(0.85)  # disability pass, integration assistance
    if p.carer and p.aged(0, 21):
        options.append(0.85)  # a young carer
    if p.pregnant and (p.single_parent or p.aged(0, 21)):
        options.append(0.85)
    if p.here_less_than(6):
        options.append(0.7)
    elif p.here_less_than(12):
        options.append(0.55)
    if p.single_parent:
        options.append(0.55)
    if p.senior and (p.level <= 2 or p.here_less_than(36)):
        options.append(0.6)
    if p.young_adult and (p.level <= 2 or p.here_less_than(24)):
        options.append(0.55)
    if p.carer or p.health(HealthNeed.CHRONIC_ILLNESS):
        options.append(0.45)
    if p.settled and p.working and len(options) == 1:
        return 0.15
    return max(options)


def meeting_place(p: Person) -> float:
    if p.losing_home:
        return 0.05
    if p.senior:
        return 0.8 if p.level <= 1 or p.here_less_than(36) else 0.6
    need = 0.1
    if p.here_less_than(24) and not p.working:
        need = 0.4
    if p.work.value == "not_permitted" or p.health(HealthNeed.TRAUMA) or p.single_parent:
        need = max(need, 0.35)
    if p.health(HealthNeed.DISABILITY):
        need = max(need, 0.35)
    if p.aged(55, 120) and not p.working:
        need = max(need, 0.5)  # contact matters more with age, above all outside work
    return need


def mentoring(p: Person) -> float:
    if p.unaccompanied:
        return 0.7
    if p.aged(16, 25) and p.level <= 2 and not p.here_at_least(24):
        return 0.55
    if p.here_less_than(12) and p.level <= 1:
        return 0.35
    return 0.1


def housing_counselling(p: Person) -> float:
    """Flat search and tenancy advice: moving out of shared accommodation, keeping or finding a flat."""
    housing = p.housing
    if housing == Housing.AT_RISK:
        return 0.85
    if housing == Housing.HOMELESS:
        return 0.75
    if housing == Housing.SHARED_ACCOMMODATION:
        if p.profile.residence_status is None:
            return 0.7
        if p.profile.residence_status == ResidenceStatus.ASYLUM_SEEKER:
            # During the asylum procedure people usually have to stay in the accommodation.
            special = p.senior or p.carer or p.health(HealthNeed.DISABILITY)
            return 0.6 if special else 0.35
        if p.profile.residence_status == ResidenceStatus.TOLERATED:
            return 0.6
        return 0.9
    if housing == Housing.WITH_RELATIVES:
        return 0.05 if p.senior or p.minor else 0.45
    if housing == Housing.YOUTH_HOUSING:
        return 0.5 if p.aged(17, 120) else 0.05
    return 0.05


def emergency_housing(p: Person) -> float:
    """A roof tonight, or help to keep the flat: nothing comes before it."""
    return 1.0 if p.losing_home else 0.0


def social_housing(p: Person) -> float:
    """The housing entitlement certificate (WBS), municipal flats, housing benefit."""
    housing = p.housing
    need = 0.05
    if housing == Housing.SHARED_ACCOMMODATION:
        need = 0.1 if p.in_procedure else 0.8
    elif housing == Housing.AT_RISK:
        need = 0.7
    elif housing == Housing.HOMELESS:
        need = 0.6
    elif housing == Housing.WITH_RELATIVES and not (p.senior or p.minor):
        need = 0.45
    elif housing == Housing.YOUTH_HOUSING and p.aged(17, 120):
        need = 0.3
    return min(1.0, need + (0.1 if need >= 0.4 and p.profile.children_ages else 0.0))


def neighbourhood(p: Person) -> float:
    if p.losing_home or p.housing in (Housing.SHARED_ACCOMMODATION, Housing.YOUTH_HOUSING):
        return 0.05
    return 0.2 if p.here_at_least(24) else 0.1
