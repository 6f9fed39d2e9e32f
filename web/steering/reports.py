"""The steering reports' numbers: plans counted per field of action, district and month, needs without an
eligible offer, the offers and their free places, and what became of referrals. No texts here (``tables``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.offer_matrix import OfferMatrix
from models.district import District
from models.offer_table import Offer
from models.referral import Referral, ReferralStatus
from models.taxonomy import CATEGORY_CODES, FieldOfAction
from web.steering.period import Period
from web.steering.plan_facts import PlanFacts, plans_made
from web.steering.suppression import Cell, Key, cell, protect

GROUPS = ("field", "district", "month")
PARTS = frozenset({"district", "month"})  # each plan has exactly one: they split the plans (suppression)
DISTRICTS: tuple[str | None, ...] = (*(d.value for d in District), None)  # None: the profile names none
FIELDS = tuple(f.value for f in FieldOfAction)
STATUSES = tuple(s.value for s in ReferralStatus)


@dataclass(frozen=True, slots=True)
class PlanCounts:
    """The plans of a period, ready to be counted in any grouping."""

    period: Period
    plans: list[PlanFacts]

    def values(self, group: str, plan: PlanFacts) -> Iterable[str | None]:
        if group == "field":
            return sorted(plan.fields)
        return (plan.district,) if group == "district" else (plan.month,)

    def axis(self, group: str) -> Sequence[str | None]:
        return FIELDS if group == "field" else DISTRICTS if group == "district" else self.period.months

    def needs(self, group_by: Sequence[str]) -> dict[Key, Cell]:
        """Plans per combination of ``group_by`` (every combination, zeros included), protected. Without
        ``field`` every plan counts; with it, a plan counts in each field where a need came up."""
        counts: Counter[Key] = Counter()
        for plan in self.plans:
            counts.update(product(*(self.values(group, plan) for group in group_by)))
        keys = product(*(self.axis(group) for group in group_by))
        return protect({key: counts[key] for key in keys}, _parts(group_by))

    def unmet(self) -> dict[Key, Cell]:
        """Plans per (category, district) with that category's need and no eligible offer (categories in
        taxonomy order; only those that came up at all)."""
        counts = Counter((code, plan.district) for plan in self.plans for code in plan.unmet_categories)
        shown = [code for code in CATEGORY_CODES if any(counts[code, district] for district in DISTRICTS)]
        return protect({(code, d): counts[code, d] for code in shown for d in DISTRICTS}, (1,))

    def unmet_per_category(self) -> dict[str, Cell]:
        counts = Counter(code for plan in self.plans for code in plan.unmet_categories)
        return {code: cell(count) for code, count in counts.items()}

    def total(self) -> Cell:
        return cell(len(self.plans))


def _parts(group_by: Sequence[str]) -> tuple[int, ...]:
    return tuple(i for i, group in enumerate(group_by) if group in PARTS)


async def plan_counts(session: AsyncSession, period: Period, matrix: OfferMatrix | None) -> PlanCounts:
    return PlanCounts(period, await plans_made(session, period.start, period.end, matrix))


@dataclass(frozen=True, slots=True)
class OfferSupply:
    offers: int
    free_places: int  # of the offers that report their places
    without_places: int  # offers that report none (by appointment, open groups)


async def offer_supply(session: AsyncSession, today: date) -> dict[tuple[str, str], OfferSupply]:
    """Offers valid today per (field, district), with their free places (catalogue data: nothing hidden)."""
    query = (
        select(
            Offer.field,
            Offer.district,
            func.count(Offer.id),
            func.coalesce(func.sum(Offer.places_available), 0),
            func.count(Offer.id) - func.count(Offer.places_available),
        )
        .where(or_(Offer.valid_from.is_(None), Offer.valid_from <= today))
        .where(or_(Offer.valid_to.is_(None), Offer.valid_to >= today))
        .group_by(Offer.field, Offer.district)
    )
    rows = {(field, district): OfferSupply(n, int(free or 0), none) for field, district, n, free, none in
            await session.execute(query)}  # fmt: skip
    return {(f, d.value): rows.get((f, d.value), OfferSupply(0, 0, 0)) for f in FIELDS for d in District}


async def referral_outcomes(session: AsyncSession, period: Period) -> dict[Key, Cell]:
    """Plans with a referral made in ``period`` per (field, current status); the last column is all statuses."""
    base = (
        select(Offer.field, Referral.status, func.count(func.distinct(Referral.plan_id)))
        .join(Offer, Offer.id == Referral.offer_id)
        .where(Referral.created_at >= period.start, Referral.created_at < period.end)
    )
    counts = {(f, s): n for f, s, n in await session.execute(base.group_by(Offer.field, Referral.status))}
    every = (
        select(Offer.field, func.count(func.distinct(Referral.plan_id)))
        .join(Offer, Offer.id == Referral.offer_id)
        .where(Referral.created_at >= period.start, Referral.created_at < period.end)
    )
    totals = {f: n for f, n in await session.execute(every.group_by(Offer.field))}
    cells = protect({(f, s): counts.get((f, s), 0) for f in FIELDS for s in STATUSES}, (1,))
    return {**cells, **{(f, None): cell(totals.get(f, 0)) for f in FIELDS}}
