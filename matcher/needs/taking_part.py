"""Needs in the fields "Partizipation und Teilhabe", "Interkulturelle Öffnung" and "Vernetzung"."""

from __future__ import annotations

from matcher.person import Person
from models.profile import HealthNeed, Work
from models.taxonomy import FieldOfAction


def _names(p: Person, *fields: FieldOfAction) -> int:
    """How many of ``fields`` the person names as a priority."""
    return len(set(fields) & set(p.profile.priorities))


def sports(p: Person) -> float:
    if p.losing_home:
        return 0.05
    need = 0.1
    if p.aged(12, 25):
        need = 0.5
    if p.child("preschool", "primary", "secondary"):
        need = max(need, 0.3)
    if p.health(HealthNeed.TRAUMA) or (p.work == Work.NOT_PERMITTED and not p.here_less_than(6)):
        need = max(need, 0.35)
    if p.senior:
        need = max(need, 0.25)
    return need


def culture_leisure(p: Person) -> float:
    if p.losing_home:
        return 0.05
    if p.senior:
        return 0.35
    return 0.25 if p.settled and p.profile.children_ages else 0.1


def youth(p: Person) -> float:
    if p.aged(12, 17) or (p.unaccompanied and p.age is None):
        return 0.7
    if p.aged(18, 21):
        return 0.45
    if p.child("secondary", "older_teen"):
        return 0.5
    if p.child("primary"):
        return 0.15
    return 0.1 if p.aged(22, 26) else 0.0


def civic_education(p: Person) -> float:
    """Civic education and having a say: for those who name participation and networking, above all."""
    if p.level >= 3 and _names(p, FieldOfAction.TEILHABE, FieldOfAction.VERNETZUNG):
        return 0.6 if _names(p, FieldOfAction.TEILHABE, FieldOfAction.VERNETZUNG) == 2 else 0.3
    if p.losing_home or p.level <= 1:
        return 0.05
    return 0.2 if p.here_at_least(36) else 0.1


def self_organisation(p: Person) -> float:
    if p.level >= 3 and _names(p, FieldOfAction.VERNETZUNG):
        return 0.6 if p.level >= 4 and p.here_at_least(60) else 0.4
    if p.level >= 3 and _names(p, FieldOfAction.TEILHABE):
        return 0.3
    return 0.25 if p.here_at_least(60) and p.level >= 3 else 0.05


def language_mediation(p: Person) -> float:
    """Community interpreters: for people with little German, above all at the doctor's and at school."""
    if p.level >= 3:
        return 0.0
    need = (0.7, 0.45, 0.2)[p.level]
    appointments = (
        p.pregnant or p.carer or p.senior or p.unaccompanied
        or any(p.health(h) for h in (HealthNeed.TRAUMA, HealthNeed.CHRONIC_ILLNESS, HealthNeed.DISABILITY))
    )  # fmt: skip
    if appointments:
        need = (0.9, 0.65, 0.35)[p.level]
    if p.school_child and p.level <= 1:
        need = max(need, 0.6)
    return need


def easy_language_info(p: Person) -> float:
    if p.cannot_read:
        return 0.7
    return (0.25, 0.2, 0.1)[p.level] if p.level <= 2 else 0.05


def anti_discrimination(p: Person) -> float:
    return 0.05


def volunteering(p: Person) -> float:
    if p.losing_home or p.aged(0, 15):
        return 0.0
    if FieldOfAction.VERNETZUNG in p.profile.priorities and p.level >= 2:
        return 0.9
    if (p.here_at_least(36) and p.level >= 3) or (p.senior and p.level >= 3):
        return 0.5
    if p.work == Work.NOT_PERMITTED and p.here_at_least(24) and p.level >= 1:
        return 0.4
    return 0.05


def network_meeting(p: Person) -> float:
    if FieldOfAction.VERNETZUNG in p.profile.priorities and p.level >= 3:
        return 0.75
    return 0.15 if p.settled else 0.02


def funding_advice(p: Person) -> float:
    if p.losing_home or p.level <= 1:
        return 0.0
    if FieldOfAction.VERNETZUNG in p.profile.priorities and p.level >= 4 and p.here_at_least(60):
        return 0.45
    return 0.25 if p.work == Work.SELF_EMPLOYED else 0.02
