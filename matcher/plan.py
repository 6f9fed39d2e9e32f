"""The plan builder: the ranking becomes recommendations (each with its alternatives and reasons), the needs per
field, the steps and the needs without any offer, in the plan language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from matcher.engine import Ranking
from matcher.offer_matrix import FIELDS, OfferMatrix
from matcher.ranker import BoundModel
from matcher.reason_texts import ReasonFacts
from matcher.reasons import group_contributions, reasons_for
from matcher.steps import plan_steps
from models.offer import STALE_DAYS, OfferOut, offer_out
from models.plan import AlternativeOut, NeedOut, PlanOut, RecommendationOut, UnmetNeedOut
from models.provider import ProviderOut
from models.taxonomy import CATEGORY_CODES, FIELD_LABELS, Translate, field_of


@dataclass(frozen=True, slots=True)
class PlanContext:
    plan_id: str
    created_at: datetime
    language: str
    matrix: OfferMatrix
    providers: dict[str, ProviderOut]
    model: BoundModel
    gettext: Translate
    # OfferOut per (row, language), shared by the plans of one catalogue revision and day: an offer reads the
    # same in every plan, so it is converted once.
    offer_cache: dict[tuple[int, str], OfferOut] = field(default_factory=dict)
    stale_days: int = STALE_DAYS  # an offer not confirmed for this long carries the "uncertain" note


def build_plan(ranking: Ranking, context: PlanContext) -> PlanOut:
    """The complete plan answer from its ``ranking``."""
    language, gettext, matrix = context.language, context.gettext, context.matrix
    profile = ranking.person.profile
    features = ranking.features
    positions = np.asarray([pick.position for pick in ranking.picks], dtype=np.int64)
    by_group = group_contributions(context.model.components(features, positions)).tolist() if positions.size else []

    def out(position: int) -> OfferOut:
        row = int(features.rows[position])
        cached = context.offer_cache.get((row, language))
        if cached is None:
            offer = matrix.offers[row]
            cached = context.offer_cache[row, language] = offer_out(
                offer,
                context.providers[offer.provider_id],
                language,
                today=context.created_at.date(),
                stale_days=context.stale_days,
            )
        return cached

    recommendations = []
    for place, pick in enumerate(ranking.picks):
        row = int(features.rows[pick.position])
        offer = matrix.offers[row]
        facts = ReasonFacts(
            profile=profile,
            offer=offer,
            values=features.values[pick.position],
            distance_km=float(features.distance_km[pick.position]),
            unverified=int(ranking.eligible.unverified[row]),
            language=language,
        )
        covers = None if pick.covers_field is None else FIELDS[pick.covers_field].value
        recommendations.append(
            RecommendationOut(
                rank=place + 1,
                score=round(float(ranking.scores[pick.position]), 4),
                offer=out(pick.position),
                reasons=reasons_for(by_group[place], facts, gettext, urgent=pick.urgent, covers_field=covers),
                alternatives=[
                    AlternativeOut(score=round(float(ranking.scores[position]), 4), offer=out(position))
                    for position in pick.alternatives
                ],
            )
        )
    shown = [matrix.offers[row] for row in ranking.rows]
    field_order = np.argsort(-ranking.needs.field, kind="stable")
    return PlanOut(
        plan_id=context.plan_id,
        created_at=context.created_at,
        model_version=context.model.version,
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
        steps=plan_steps(ranking.person, ranking.needs, [o.category for o in shown], [o.id for o in shown], gettext),
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
