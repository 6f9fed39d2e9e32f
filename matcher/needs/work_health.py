"""Needs in the fields "Wirtschaft und Arbeit" and "Gesundheit und Pflege"."""

from __future__ import annotations

from matcher.person import Person
from models.profile import HealthNeed, Qualification, Work
from models.taxonomy import FieldOfAction


def _qualified(p: Person) -> bool:
    return p.profile.qualification in (Qualification.VOCATIONAL, Qualification.UNIVERSITY)


def _skilled_abroad(p: Person) -> bool:
    return bool(p.profile.foreign_qualification) and _qualified(p)


def career_counselling(p: Person) -> float:
    if p.senior or p.aged(0, 14):
        return 0.0
    work = p.work
    if work == Work.JOB_SEEKING:
        need = 0.95 if p.aged(15, 25) else 0.9
        if p.level <= 1 and not p.aged(15, 25):
            need = 0.65
        if p.losing_home or p.cannot_read:
            need = min(need, 0.65)
        return need
    if work == Work.NOT_PERMITTED:
        # Work-permit advice (toleration for training or employment) once the first months have passed.
        if p.here_less_than(12) or (p.small_child and p.level <= 1):
            return 0.15
        return 0.75 if p.here_at_least(24) and p.profile.residence_status is not None else 0.45
    if work == Work.IN_SCHOOL:
        return 0.7 if p.aged(15, 21) else 0.1
    if work == Work.IN_TRAINING:
        return 0.3
    if work in (Work.EMPLOYED, Work.SELF_EMPLOYED):
        return 0.5 if _skilled_abroad(p) else 0.1
    return 0.1


def vocational_training(p: Person) -> float:
    if p.senior or p.aged(0, 15) or p.work in (Work.EMPLOYED, Work.SELF_EMPLOYED, Work.IN_TRAINING):
        return 0.0
    low_qualification = p.profile.qualification in (None, Qualification.NONE, Qualification.SCHOOL)
    looking = p.work in (Work.JOB_SEEKING, Work.IN_SCHOOL) or (p.work == Work.NOT_PERMITTED and p.in_procedure)
    if p.aged(16, 25) and looking and low_qualification:
        if p.work == Work.NOT_PERMITTED and p.here_less_than(12):
            return 0.3
        if p.work == Work.IN_SCHOOL and FieldOfAction.ARBEIT not in p.profile.priorities:
            return 0.5 if p.aged(17, 25) else 0.2
        return 0.85 if p.level >= 2 else 0.5
    if p.work == Work.JOB_SEEKING and p.aged(26, 55):
        if _skilled_abroad(p):
            return 0.2
        return 0.45 if p.level >= 2 else 0.25
    return 0.05


def internship(p: Person) -> float:
    if p.senior or p.aged(0, 14):
        return 0.0
    if p.work == Work.IN_SCHOOL and p.aged(15, 21):
        return 0.5
    if p.work == Work.JOB_SEEKING:
        return 0.6 if p.aged(15, 25) else 0.25
    if p.work == Work.NOT_PERMITTED and p.aged(16, 25) and p.here_at_least(24):
        return 0.6
    if p.child("older_teen"):
        return 0.3
    return 0.05


def recognition(p: Person) -> float:
    if p.senior:
        return 0.1 if _skilled_abroad(p) else 0.0
    if _skilled_abroad(p):
        return 0.95 if p.level >= 2 else 0.6
    if p.profile.foreign_qualification is None and _qualified(p):
        return 0.35
    return 0.0


def job_language_course(p: Person) -> float:
    if p.senior or p.aged(0, 17) or p.cannot_read:
        return 0.0
    level = p.level
    working = p.working or p.work == Work.JOB_SEEKING
    if not working:
        return 0.35 if 3 <= level <= 4 and p.work == Work.NOT_SEEKING else 0.0
    if level in (3, 4):
        need = 0.85
        if p.work in (Work.EMPLOYED, Work.SELF_EMPLOYED) and not _skilled_abroad(p):
            need = 0.65 if level == 3 and not p.here_at_least(60) else 0.3
    elif level == 2:
        need = 0.6
    elif level <= 1:
        need = 0.55 if p.working else 0.15
    else:
        need = 0.2
    if p.losing_home:
        need = min(need, 0.35)
    if p.aged(0, 21) and p.work != Work.IN_TRAINING:
        need *= 0.5  # the SPRINT class and vocational training come first
    return need


def entry_jobs(p: Person) -> float:
    """Low-threshold jobs; never for someone with a foreign degree or trade (skilled work, not helper jobs)."""
    if p.senior or p.aged(0, 17) or p.pupil or _skilled_abroad(p):
        return 0.0
    if p.work == Work.JOB_SEEKING:
        if p.profile.qualification == Qualification.UNIVERSITY:
            return 0.1
        return 0.55 if not _qualified(p) else 0.3
    if p.work == Work.NOT_PERMITTED and p.in_procedure and p.here_at_least(12):
        return 0.35  # work opportunities for asylum seekers and tolerated people
    return 0.0


def health_counselling(p: Person) -> float:
    options = [0.1]
    if p.health(HealthNeed.CHRONIC_ILLNESS):
        options.append(0.9)
    if p.pregnant:
        options.append(0.85 if p.here_less_than(12) or p.level <= 2 else 0.35)
    if p.senior:
        options.append(0.65)
    if p.here_less_than(6):
        options.append(0.55)
    if p.eu_citizen and (p.here_less_than(12) or p.work == Work.JOB_SEEKING):
        options.append(0.55)  # health insurance
    if p.health(HealthNeed.DISABILITY) or p.carer:
        options.append(0.6)
    return max(options)


def prevention(p: Person) -> float:
    if p.child("toddler", "preschool", "primary"):
        return 0.3
    if p.in_procedure and p.here_less_than(12):
        return 0.25  # hygiene and health in shared accommodation
    return 0.05


def mother_child(p: Person) -> float:
    """Midwives, pregnancy, babies and early help for families with children under three."""
    if p.pregnant:
        return 0.97 if p.here_less_than(12) or p.level == 0 else 0.9
    if p.child("baby"):
        return 0.9
    if p.child("toddler"):
        return 0.45
    return 0.0


def trauma_support(p: Person) -> float:
    if p.health(HealthNeed.TRAUMA):
        if p.senior:
            return 0.7
        return 0.96 if p.here_less_than(6) or p.unaccompanied else 0.9
    if p.carer and p.aged(0, 21):
        return 0.3
    if p.in_procedure and p.here_less_than(24):
        return 0.15
    return 0.05 if p.unaccompanied else 0.0


def care(p: Person) -> float:
    if p.carer:
        return 0.95 if not p.aged(0, 21) else 0.65
    disability, chronic = p.health(HealthNeed.DISABILITY), p.health(HealthNeed.CHRONIC_ILLNESS)
    if p.senior:
        return 0.9 if disability else 0.7 if chronic else 0.4
    if disability:
        return 0.9 if p.aged(60, 120) else 0.7
    if chronic:
        return 0.3
    return 0.05 if p.aged(55, 120) else 0.0
