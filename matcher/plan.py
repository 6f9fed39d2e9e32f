"""The plan builder: ranked recommendations become phased steps, needs and unmet needs, in the plan language.

Phases: ``now`` (within two weeks) for what cannot wait — a roof, safety, trauma, pregnancy, registering
for courses and day care, which have waiting lists; ``later`` for participation and networking once the
basics are in place; ``soon`` (the next three months) for the rest. A priority the person names moves a
``later`` step to ``soon``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from matcher.engine import Ranking
from matcher.needs import Needs
from matcher.offer_matrix import FIELDS, OfferMatrix
from matcher.ranker import LinearRanker
from matcher.reasons import ReasonFacts, reasons_for
from models.offer import offer_out
from models.plan import NeedOut, Phase, PlanOut, RecommendationOut, StepOut, UnmetNeedOut
from models.profile import HealthNeed, Housing, NeedsProfile, Work
from models.provider import ProviderOut
from models.taxonomy import CATEGORY_CODES, FIELD_LABELS, N_, FieldOfAction, Translate, field_of

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
    "gesundheit.mother_child": N_("Get support for your pregnancy and your baby"),
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

_LATER_FIELDS = {FieldOfAction.TEILHABE, FieldOfAction.VERNETZUNG}
_LATER_CATEGORIES = {
    "willkommen.meeting_place",
    "bildung_sprache.heritage_language",
    "interkulturell.anti_discrimination",
}
_COURSES = {
    "bildung_sprache.integration_course",
    "bildung_sprache.language_course_childcare",
    "bildung_sprache.literacy_course",
}


def phase_of(category: str, profile: NeedsProfile) -> Phase:
    """When this kind of step belongs in the plan, for this person."""
    level = profile.german_level.rank
    urgent = {
        "wohnen.emergency_housing": True,
        "wohnen.housing_counselling": profile.housing in (Housing.AT_RISK, Housing.HOMELESS),
        "gesundheit.trauma_support": HealthNeed.TRAUMA in profile.health,
        "gesundheit.mother_child": bool(profile.pregnant) or profile.has_child_between(0, 0),
        "willkommen.welcome_info": profile.months_in_germany is not None and profile.months_in_germany < 6,
        "willkommen.social_counselling": profile.housing in (Housing.AT_RISK, Housing.HOMELESS),
        "bildung_sprache.early_education": profile.has_child_between(1, 5),
        "bildung_sprache.school_language_class": True,
        "interkulturell.language_mediation": level <= 1,
        "arbeit.career_counselling": profile.work == Work.JOB_SEEKING,
    }
    if urgent.get(category) or (category in _COURSES and level <= 2):
        return Phase.NOW
    later = field_of(category) in _LATER_FIELDS or category in _LATER_CATEGORIES
    if later and field_of(category) not in profile.priorities:
        return Phase.LATER
    return Phase.SOON


def plan_steps(
    profile: NeedsProfile, needs: Needs, categories: Sequence[str], offer_ids: Sequence[str], gettext: Translate
) -> list[StepOut]:
    """One step per phase and category: by phase, then the most pressing need first, then by rank."""
    steps: dict[tuple[Phase, str], list[str]] = {}
    for category, offer_id in zip(categories, offer_ids, strict=True):
        steps.setdefault((phase_of(category, profile), category), []).append(offer_id)
    phase_order = list(Phase)

    def urgency(item: tuple[tuple[Phase, str], list[str]]) -> tuple[int, float]:
        (phase, category), _ = item
        return phase_order.index(phase), -float(needs.category[CATEGORY_CODES.index(category)])

    ordered = sorted(steps.items(), key=urgency)
    return [
        StepOut(phase=phase, field=field_of(category), text=gettext(INSTRUCTIONS[category]), offer_ids=ids)
        for (phase, category), ids in ordered
    ]


@dataclass(frozen=True, slots=True)
class PlanContext:
    plan_id: str
    created_at: datetime
    language: str
    matrix: OfferMatrix
    providers: dict[str, ProviderOut]
    ranker: LinearRanker
    gettext: Translate


def build_plan(profile: NeedsProfile, ranking: Ranking, context: PlanContext) -> PlanOut:
    """The complete plan answer for ``profile`` from its ``ranking``."""
    language, gettext = context.language, context.gettext
    offers = [context.matrix.offers[row] for row in ranking.rows]
    contributions = context.ranker.contributions(ranking.features.values)
    recommendations = []
    for position, offer in enumerate(offers):
        facts = ReasonFacts(
            profile=profile,
            offer=offer,
            values=ranking.features.values[position],
            distance_km=float(ranking.features.distance_km[position]),
            unverified=int(ranking.eligible.unverified[ranking.rows[position]]),
            language=language,
        )
        recommendations.append(
            RecommendationOut(
                rank=position + 1,
                score=round(float(ranking.scores[position]), 4),
                offer=offer_out(offer, context.providers[offer.provider_id], language),
                reasons=reasons_for(contributions[position], facts, gettext),
            )
        )
    field_order = np.argsort(-ranking.needs.field, kind="stable")
    return PlanOut(
        plan_id=context.plan_id,
        created_at=context.created_at,
        model_version=context.ranker.version,
        language=language,
        needs=[
            NeedOut(
                field=FIELDS[i],
                label=FIELD_LABELS[FIELDS[i]].in_language(language, gettext),
                score=round(float(ranking.needs.field[i]), 2),
            )
            for i in field_order
        ],
        recommendations=recommendations,
        steps=plan_steps(profile, ranking.needs, [o.category for o in offers], [o.id for o in offers], gettext),
        unmet_needs=_unmet(ranking, language, gettext),
    )


def _unmet(ranking: Ranking, language: str, gettext: Translate) -> list[UnmetNeedOut]:
    by_field: dict[int, list[str]] = {field: [] for field in ranking.unmet_fields}
    for category in ranking.unmet_categories:
        code = CATEGORY_CODES[category]
        by_field.setdefault(FIELDS.index(field_of(code)), []).append(code)
    return [
        UnmetNeedOut(
            field=FIELDS[field], label=FIELD_LABELS[FIELDS[field]].in_language(language, gettext), categories=codes
        )
        for field, codes in sorted(by_field.items(), key=lambda item: -ranking.needs.field[item[0]])
    ]
