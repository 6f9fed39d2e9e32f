"""The plan's steps: one per recommended kind of help, worded from the person's own situation, pointing to the
offer recommended for it, and phased (docs/matching.md).

Phases: ``now`` (within two weeks) for what cannot wait — a roof, safety, trauma, pregnancy and a new baby,
registering for German courses (the literacy course first, for someone who cannot read Latin letters yet), day
care and school classes, which have waiting lists, recognition for a job seeker with a foreign degree; ``later`` for
participation and networking once the basics are in place; ``soon`` (the next three months) for the rest.
A priority the person names moves a ``later`` step to ``soon``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from matcher.needs import URGENT_NEED, Needs
from matcher.offer_matrix import CATEGORY_INDEX
from matcher.person import Person
from models.plan import Phase, StepOut
from models.profile import HealthNeed, Housing, Work
from models.taxonomy import CATEGORY_CODES, N_, FieldOfAction, Translate, field_of

INSTRUCTIONS: dict[str, str] = {
    "willkommen.welcome_info": N_("Get the welcome pack and a first orientation"),
    "willkommen.social_counselling": N_("Talk to a counsellor about your questions and applications"),
    "willkommen.meeting_place": N_("Meet people at an open meeting place"),
    "willkommen.mentoring": N_("Ask for a mentor who helps in everyday life"),
    "wohnen.housing_counselling": N_("Get advice on finding a flat"),
    "wohnen.emergency_housing": N_("Secure a safe place to stay"),
    "wohnen.social_housing": N_("Apply for social housing and the housing entitlement certificate"),
    "wohnen.neighbourhood": N_("Get to know your neighbourhood"),
    "bildung_sprache.integration_course": N_("Register for an integration course"),
    "bildung_sprache.language_course_childcare": N_("Sign up for a German course with childcare"),
    "bildung_sprache.literacy_course": N_("Learn to read and write in a literacy course"),
    "bildung_sprache.language_cafe": N_("Practise German at a language café"),
    "bildung_sprache.school_language_class": N_("Enrol your child in a language class at school"),
    "bildung_sprache.heritage_language": N_("Sign your child up for lessons in your family language"),
    "bildung_sprache.early_education": N_("Register your child for day care"),
    "bildung_sprache.school_support": N_("Find homework help for your child"),
    "bildung_sprache.education_counselling": N_("Learn how school and education work here"),
    "arbeit.career_counselling": N_("Get advice on work and training"),
    "arbeit.vocational_training": N_("Start a vocational training or qualification"),
    "arbeit.internship": N_("Try out a job in an internship"),
    "arbeit.recognition": N_("Have your foreign qualification recognised"),
    "arbeit.job_language_course": N_("Take a job-related German course"),
    "arbeit.entry_jobs": N_("Find a first job"),
    "gesundheit.health_counselling": N_("Get to know the health system"),
    "gesundheit.prevention": N_("Take part in a health prevention offer"),
    "gesundheit.mother_child": N_("Get advice for families with small children"),
    "gesundheit.trauma_support": N_("Get psychosocial support"),
    "gesundheit.care": N_("Get advice on care and support at home"),
    "teilhabe.sports": N_("Join a sports group"),
    "teilhabe.culture_leisure": N_("Discover culture and leisure offers"),
    "teilhabe.youth": N_("Visit a youth offer"),
    "teilhabe.civic_education": N_("Learn about democracy and have your say"),
    "teilhabe.self_organisation": N_("Get involved in a community association"),
    "interkulturell.language_mediation": N_("Book an interpreter for important appointments"),
    "interkulturell.easy_language_info": N_("Get information in plain language"),
    "interkulturell.anti_discrimination": N_("Get advice if you are treated unfairly"),
    "vernetzung.volunteering": N_("Volunteer and meet people"),
    "vernetzung.network_meeting": N_("Join the local network meetings"),
    "vernetzung.funding_advice": N_("Get advice on funding for your project"),
}
assert tuple(INSTRUCTIONS) == CATEGORY_CODES


def _instruction(category: str, gettext: Translate) -> str:
    return gettext(INSTRUCTIONS[category])


def _ages(person: Person, low: int, high: int) -> str:
    return ", ".join(str(a) for a in sorted({a for a in person.profile.children_ages if low <= a <= high}))


def _early_education(p: Person, gettext: Translate) -> str:
    if p.child("toddler", "preschool"):
        return gettext("Find a day-care place for your child (age {ages})").format(ages=_ages(p, 1, 5))
    if p.child("baby"):
        return gettext("Register your baby for a day-care place from the first birthday")
    return gettext("Ask early about a day-care place for your baby")


def _school_class(p: Person, gettext: Translate) -> str:
    if p.school_child:
        return gettext("Ask the school about a language class for your child (age {ages})").format(ages=_ages(p, 6, 17))
    return gettext("Join a language class for young people at school or the vocational school")


def _mother_child(p: Person, gettext: Translate) -> str:
    if p.pregnant:
        return gettext("Get support for your pregnancy")
    if p.child("baby"):
        return gettext("Get support for you and your baby")
    return _instruction("gesundheit.mother_child", gettext)


def _for_children(code: str, low: int, high: int, own: str) -> Callable[[Person, Translate], str]:
    """A step about the person's children (with their ages), or about the person when no child fits."""

    def text(p: Person, gettext: Translate) -> str:
        if any(low <= a <= high for a in p.profile.children_ages):
            template = {
                "bildung_sprache.school_support": N_("Find homework help for your child (age {ages})"),
                "bildung_sprache.heritage_language": N_(
                    "Sign your child (age {ages}) up for lessons in your family language"
                ),
                "teilhabe.youth": N_("Find a youth offer for your child (age {ages})"),
            }[code]
            return gettext(template).format(ages=_ages(p, low, high))
        return gettext(own)

    return text


def _social_counselling(p: Person, gettext: Translate) -> str:
    if p.unaccompanied:
        return gettext("Meet your contact person at the youth welfare office or the youth migration service")
    if p.in_procedure:
        return gettext("Get advice on your asylum procedure or your residence")
    # Not "support for people with a disability": that is the care step's (its offers are for it; social
    # counselling is general migration counselling, and the step said what its offer is not).
    return _instruction("willkommen.social_counselling", gettext)


def _career(p: Person, gettext: Translate) -> str:
    if p.work == Work.NOT_PERMITTED:
        return gettext("Get advice on a work permit and on training")
    if p.pupil or p.aged(15, 25):
        return gettext("Get advice on training and your first job")
    return _instruction("arbeit.career_counselling", gettext)


def _care(p: Person, gettext: Translate) -> str:
    if p.carer:
        return gettext("Get advice on care and on relief for you as a carer")
    if p.health(HealthNeed.DISABILITY) and not p.senior:
        return gettext("Get advice on support for people with a disability")
    return _instruction("gesundheit.care", gettext)


def _emergency(p: Person, gettext: Translate) -> str:
    if p.housing == Housing.AT_RISK:
        return gettext("Get help now so that you can keep your flat")
    return _instruction("wohnen.emergency_housing", gettext)


def _housing(p: Person, gettext: Translate) -> str:
    if p.housing == Housing.SHARED_ACCOMMODATION:
        return gettext("Get advice on moving into a flat of your own")
    if p.housing == Housing.AT_RISK:
        return gettext("Get advice on your tenancy")
    return _instruction("wohnen.housing_counselling", gettext)


PERSONAL: dict[str, Callable[[Person, Translate], str]] = {
    "bildung_sprache.early_education": _early_education,
    "bildung_sprache.school_language_class": _school_class,
    "gesundheit.mother_child": _mother_child,
    "bildung_sprache.school_support": _for_children(
        "bildung_sprache.school_support", 6, 17, N_("Find homework help and support with school")
    ),
    "bildung_sprache.heritage_language": _for_children(
        "bildung_sprache.heritage_language", 6, 17, INSTRUCTIONS["bildung_sprache.heritage_language"]
    ),
    "teilhabe.youth": _for_children("teilhabe.youth", 10, 17, INSTRUCTIONS["teilhabe.youth"]),
    "willkommen.social_counselling": _social_counselling,
    "arbeit.career_counselling": _career,
    "gesundheit.care": _care,
    "wohnen.emergency_housing": _emergency,
    "wohnen.housing_counselling": _housing,
}

_PHASE_ORDER = {phase: i for i, phase in enumerate(Phase)}
_LATER_FIELDS = {FieldOfAction.TEILHABE, FieldOfAction.VERNETZUNG}
_LATER = {"willkommen.meeting_place", "bildung_sprache.heritage_language", "interkulturell.anti_discrimination"}
_NOW = {"wohnen.emergency_housing", "bildung_sprache.school_language_class"}
_COURSES = {"bildung_sprache.integration_course", "bildung_sprache.language_course_childcare",
            "bildung_sprache.literacy_course"}  # fmt: skip


_NOW_WHEN: dict[str, Callable[[Person], bool]] = {
    "wohnen.housing_counselling": lambda p: p.losing_home,
    "willkommen.social_counselling": lambda p: p.losing_home or p.unaccompanied,
    "gesundheit.trauma_support": lambda p: p.health(HealthNeed.TRAUMA),
    "gesundheit.mother_child": lambda p: p.pregnant or p.child("baby"),
    "willkommen.welcome_info": lambda p: p.here_less_than(6),
    "bildung_sprache.early_education": lambda p: p.child("toddler", "preschool"),
    "interkulturell.language_mediation": lambda p: p.level <= 1,
    "arbeit.career_counselling": lambda p: p.work == Work.JOB_SEEKING,
    # Recognition takes months and decides which work is open: a job seeker with a foreign degree starts it now.
    "arbeit.recognition": lambda p: bool(p.profile.foreign_qualification) and p.work == Work.JOB_SEEKING,
}


def phase_of(category: str, person: Person, need: float) -> Phase:
    """When this kind of step belongs in the plan, for this person."""
    now_when = _NOW_WHEN.get(category)
    if need >= URGENT_NEED or category in _NOW or (now_when is not None and now_when(person)):
        return Phase.NOW
    if category in _COURSES and person.level <= 2:
        # Reading and writing (in Latin letters) first: the other German courses follow the literacy course.
        first_read = person.cannot_read or person.other_script
        return Phase.SOON if first_read and category != "bildung_sprache.literacy_course" else Phase.NOW
    later = field_of(category) in _LATER_FIELDS or category in _LATER
    if later and field_of(category) not in person.profile.priorities:
        return Phase.LATER
    return Phase.SOON


def plan_steps(
    person: Person, needs: Needs, categories: Sequence[str], offer_ids: Sequence[str], gettext: Translate
) -> list[StepOut]:
    """One step per recommended category, by phase, then the most pressing need first; each names its offer."""
    steps: dict[str, list[str]] = {}
    for category, offer_id in zip(categories, offer_ids, strict=True):
        steps.setdefault(category, []).append(offer_id)
    by_category = needs.category.tolist()
    need = {category: by_category[CATEGORY_INDEX[category]] for category in steps}
    phase = {category: phase_of(category, person, need[category]) for category in steps}
    return [
        StepOut(
            phase=phase[category],
            field=field_of(category),
            text=PERSONAL[category](person, gettext) if category in PERSONAL else _instruction(category, gettext),
            offer_ids=steps[category],
        )
        for category in sorted(steps, key=lambda c: (_PHASE_ORDER[phase[c]], -need[c]))
    ]
