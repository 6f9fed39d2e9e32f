"""Needs in the field "Bildung und Sprache": German, reading and writing, day care, school."""

from __future__ import annotations

from matcher.person import Person
from models.profile import HealthNeed, Qualification, Work


def integration_course(p: Person) -> float:
    """The general course aims at B1: from B1 on it is not needed; school comes first for pupils."""
    if p.level >= 3 or p.aged(0, 15):
        return 0.0
    need = (0.9, 0.9, 0.75)[p.level]
    if p.pupil or p.unaccompanied:
        need *= 0.35
    if p.senior:
        need *= 0.45
    elif p.aged(55, 64):
        need *= 0.7  # later in life, health and contact usually come before a 700-hour course
    if p.cannot_read:
        need *= 0.6  # the literacy course comes first (an alpha course is a literacy course)
    if p.in_procedure or p.eu_citizen:
        need *= 0.8  # admitted only when places are free
    if p.losing_home:
        need *= 0.7
    if p.health(HealthNeed.DISABILITY):
        need *= 0.85
    return need


def course_with_childcare(p: Person) -> float:
    if p.level >= 4 or p.senior:
        return 0.0
    if p.small_child:
        return 0.9 if p.level <= 2 else 0.45
    if p.child("primary") and p.level <= 2:
        return 0.6
    if p.pregnant and p.level <= 2:
        return 0.4
    return 0.0


def literacy_course(p: Person) -> float:
    if p.level >= 3:
        return 0.0
    if p.cannot_read:
        need = 0.95
    elif p.other_script:
        need = 0.65
    elif p.profile.literacy is None and p.level == 0 and p.profile.qualification == Qualification.NONE:
        need = 0.45
    else:
        return 0.05 if p.level == 0 and p.profile.literacy is None else 0.0
    if p.aged(0, 15):
        return 0.3  # the school's language class teaches reading
    if p.aged(60, 120) or p.senior:
        need *= 0.65
    if p.child("baby", "toddler"):
        need *= 0.75
    return need


def language_cafe(p: Person) -> float:
    if p.level >= 5:
        return 0.0
    need = (0.35, 0.4, 0.4, 0.35, 0.2)[p.level]
    if p.aged(0, 17):
        return 0.25
    if p.level <= 3 and (p.work == Work.NOT_PERMITTED or (p.here_less_than(12) and not p.working)):
        need = 0.6
    if (p.level <= 3 and p.senior) or (p.level <= 2 and p.working and p.evenings_or_weekends_only):
        need = 0.6
    if p.losing_home:
        need = 0.05
    return need


def school_language_class(p: Person) -> float:
    """Sprachlernklassen for the children, and SPRINT classes for young people themselves up to 21."""
    need = 0.0
    if p.school_child:
        if p.months is None:
            need = 0.8 if p.level <= 2 else 0.3
        elif p.months < 24:
            need = 0.9
        elif p.months < 36:
            need = 0.6 if p.level <= 2 else 0.35
        else:
            need = 0.15
    if p.aged(6, 21) and p.level <= 3:
        own = 0.9 if not p.here_at_least(24) else 0.65
        if p.level == 3:
            own = 0.3
        if p.cannot_read and p.aged(16, 21):
            own *= 0.75
        if p.pregnant or p.profile.children_ages:
            own *= 0.3  # a full-time class rarely fits a young mother or father
        need = max(need, own)
    return need


def heritage_language(p: Person) -> float:
    if not p.child("primary", "secondary"):
        return 0.0
    return 0.55 if p.here_at_least(24) and p.level >= 3 else 0.35


def early_education(p: Person) -> float:
    """A day-care place: a legal right from the first birthday, and what makes a course or a job possible."""
    if p.child("toddler", "preschool"):
        return 0.65 if p.here_at_least(48) or p.losing_home else 0.95
    if p.child("baby"):
        return 0.5
    return 0.3 if p.pregnant else 0.0


def school_support(p: Person) -> float:
    if p.school_child:
        if (p.cannot_read and p.child("primary")) or (p.single_parent and p.working):
            return 0.85  # nobody at home can help with homework
        if p.here_less_than(6):
            return 0.4  # the language class comes first
        if p.level == 0 or p.cannot_read:
            return 0.6
        return 0.35 if p.settled and not p.child("primary") else 0.55
    if p.pupil and p.aged(10, 17):
        return 0.6
    return 0.0


def education_counselling(p: Person) -> float:
    """The school system for parents; catching up on school or going to university for adults."""
    need = 0.05
    if p.child("preschool", "primary", "secondary", "older_teen"):
        need = 0.65 if not p.here_at_least(36) or p.level <= 2 else 0.35
        if p.child("older_teen"):
            need = max(need, 0.6)
    if p.aged(16, 25) and p.profile.qualification in (None, Qualification.NONE, Qualification.SCHOOL):
        need = max(need, 0.6 if not p.working else 0.3)
    if p.profile.qualification == Qualification.UNIVERSITY and p.profile.foreign_qualification and p.aged(17, 40):
        need = max(need, 0.5 if not p.working else 0.3)
    if p.senior or p.losing_home:
        need = min(need, 0.05)
    return need
