"""The plan builder: the ranking becomes a compact record (``models.plan_record``: what is stored), and a record
becomes the plan in words (recommendations with alternatives and reasons, the needs per field, the steps and
the needs without any offer) in any language, when the plan is made and whenever it is shown again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import numpy.typing as npt

from matcher.decimals import decimal_numerator, rounded
from matcher.engine import Ranking
from matcher.needs import Needs, needs_of
from matcher.offer_matrix import FIELDS, OfferMatrix
from matcher.person import Person
from matcher.ranker import BoundModel
from matcher.reason_texts import ReasonFacts
from matcher.reasons import group_contributions, is_full, reason_texts, reason_weights, strongest_first
from matcher.steps import plan_steps
from models.offer import STALE_DAYS, OfferOut, offer_out
from models.plan import AlternativeOut, NeedOut, PlanOut, RecommendationOut, UnmetNeedOut
from models.plan_record import FORMAT, SCORE_DIGITS, SCORE_SCALE, PlanRecord, StoredAlternative, StoredRecommendation
from models.profile import NeedsProfile
from models.provider import ProviderOut
from models.taxonomy import CATEGORY_CODES, FIELD_LABELS, FieldOfAction, Translate, field_of

NEED_SCALE = 1000  # the need per field is kept in thousandths


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
    today: date | None = None  # the day offers are shown for (default: the day the plan was made)


def build_plan(ranking: Ranking, context: PlanContext) -> PlanOut:
    """The complete plan answer from its ``ranking`` (through its stored record, so that a plan reads the same
    when it is made and when it is rendered again)."""
    record = record_of(ranking, context.matrix, context.model)
    return render_plan(record, ranking.person.profile, context, context.model.version, (ranking.person, ranking.needs))


def record_of(ranking: Ranking, matrix: OfferMatrix, model: BoundModel) -> PlanRecord:
    """What is kept of a plan: ids, scores, propensities, reason codes and weights, pair features, needs."""
    profile, features = ranking.person.profile, ranking.features
    positions = np.asarray([pick.position for pick in ranking.picks], dtype=np.int64)
    contributions = group_contributions(model.components(features, positions)) if positions.size else np.empty((0, 0))
    by_group, strongest = contributions.tolist(), strongest_first(contributions)
    # Per recommendation its base features, then its distance, as float32.
    shown_features = np.column_stack((features.values[positions], features.distance_km[positions])).astype(np.float32)
    rows, scores, unverified = features.rows.tolist(), ranking.scores.tolist(), ranking.eligible.unverified
    recommendations = []
    for place, pick in enumerate(ranking.picks):
        offer = matrix.offers[rows[pick.position]]
        covers = None if pick.covers_field is None else FIELDS[pick.covers_field].value
        priority = field_of(offer.category) in profile.priorities
        offer_unverified = int(unverified[rows[pick.position]])
        recommendations.append(
            StoredRecommendation(
                offer=offer.id,
                category=offer.category,
                score=_score(scores[pick.position]),
                propensity=float(pick.propensity),
                reasons=reason_weights(
                    by_group[place],
                    urgent=pick.urgent,
                    covers_field=covers,
                    priority=priority,
                    order=strongest[place],
                    unverified=offer_unverified > 0,
                    full=is_full(offer),
                ),
                features=shown_features[place].tobytes(),
                unverified=offer_unverified,
                urgent=bool(pick.urgent),
                covers=covers,
                alternatives=[
                    StoredAlternative(matrix.offers[rows[p]].id, _score(scores[p])) for p in pick.alternatives
                ],
            )
        )
    unmet_fields, unmet_categories = _unmet_codes(ranking)
    return PlanRecord(
        format=FORMAT,
        needs=[round(float(need) * NEED_SCALE) for need in ranking.needs.field],
        recommendations=recommendations,
        unmet_fields=unmet_fields,
        unmet_categories=unmet_categories,
    )


def _score(value: float) -> int:
    k = decimal_numerator(value, SCORE_DIGITS)  # round(value, 4) in ten-thousandths, without the decimal string
    return round(round(value, SCORE_DIGITS) * SCORE_SCALE) if k is None else k


def _unmet_codes(ranking: Ranking) -> tuple[list[str], list[str]]:
    fields = [FIELDS[f].value for f in ranking.unmet_fields]
    return fields, [CATEGORY_CODES[c] for c in ranking.unmet_categories]


def render_plan(
    record: PlanRecord,
    profile: NeedsProfile,
    context: PlanContext,
    model_version: int,
    person_needs: tuple[Person, Needs] | None = None,
) -> PlanOut:
    """The plan in ``context.language`` from its stored ``record`` and today's catalogue. An offer that left
    the catalogue since is not shown; its id is listed in ``removed_offers``."""
    language, gettext, matrix = context.language, context.gettext, context.matrix
    today = context.today or context.created_at.date()
    person, needs = person_needs or _person_needs(profile)

    def out(row: int) -> OfferOut:
        cached = context.offer_cache.get((row, language))
        if cached is None:
            offer = matrix.offers[row]
            provider = context.providers[offer.provider_id]
            cached = offer_out(offer, provider, language, today=today, stale_days=context.stale_days)
            context.offer_cache[row, language] = cached
        return cached

    recommendations, removed = [], []
    for rank, stored in enumerate(record.recommendations, start=1):
        row = matrix.row_of.get(stored.offer)
        if row is None:
            removed.append(stored.offer)
            continue
        values = np.frombuffer(stored.features, dtype=np.float32)
        facts = ReasonFacts(profile=profile, offer=matrix.offers[row], values=values[:-1],
                            distance_km=float(values[-1]), unverified=stored.unverified, language=language)  # fmt: skip
        alternatives = []
        for alternative in stored.alternatives:
            alternative_row = matrix.row_of.get(alternative.offer)
            if alternative_row is None:
                removed.append(alternative.offer)
            else:
                alternatives.append(AlternativeOut(score=alternative.score / SCORE_SCALE, offer=out(alternative_row)))
        recommendations.append(
            RecommendationOut(
                rank=rank,
                score=stored.score / SCORE_SCALE,
                offer=out(row),
                reasons=reason_texts(stored.reasons, facts, gettext, stored.covers),
                alternatives=alternatives,
            )
        )
    field_need = np.asarray(record.needs, dtype=np.float64) / NEED_SCALE
    shown = [r for r in record.recommendations if r.offer not in removed]
    return PlanOut(
        plan_id=context.plan_id,
        created_at=context.created_at,
        model_version=model_version,
        language=language,
        needs=[
            NeedOut(
                field=FIELDS[i],
                label=_field_label(FIELDS[i], language, gettext),
                score=rounded(float(field_need[i]), 2),
            )
            for i in np.argsort(-field_need, kind="stable")
        ],
        recommendations=recommendations,
        steps=plan_steps(person, needs, [r.category for r in shown], [r.offer for r in shown], gettext),
        unmet_needs=_unmet(record, field_need, language, gettext),
        removed_offers=removed,
    )


def _person_needs(profile: NeedsProfile) -> tuple[Person, Needs]:
    person = Person.of(profile)
    return person, needs_of(profile, person)


def _field_label(field_of_action: FieldOfAction, language: str, gettext: Translate) -> str:
    return FIELD_LABELS[field_of_action].in_language(language, gettext)


def _unmet(
    record: PlanRecord, field_need: npt.NDArray[np.float64], language: str, gettext: Translate
) -> list[UnmetNeedOut]:
    by_field: dict[FieldOfAction, list[str]] = {FieldOfAction(code): [] for code in record.unmet_fields}
    for code in record.unmet_categories or []:
        by_field.setdefault(field_of(code), []).append(code)
    return [
        UnmetNeedOut(field=f, label=_field_label(f, language, gettext), categories=codes)
        for f, codes in sorted(by_field.items(), key=lambda item: -field_need[FIELDS.index(item[0])])
    ]
