"""What the steering reports read from a stored plan: the one place that knows how a plan is stored.

Plans are counted per consultation: of the plans one sitting on the counselling screen made (one per change of
the form), only the latest (``plans_made``).

*A need came up* in a field of action when the field's need, recomputed from the stored needs profile with the
matcher (``matcher.needs.needs_of``), is at least ``CLEAR_NEED`` (0.6): the threshold from which the plan itself
calls a need without an eligible offer unmet. Needs depend on the profile alone, so recomputing is cheap and
gives the same answer every time (for plans reduced by retention, from the coarsened profile kept for training).

*A need without an eligible offer* is a category the plan listed under ``unmet_needs``, read from the plan's stored
record (it depended on the catalogue of that day). A plan stored without its record (reduced by retention, or
stored as profile only) is recomputed against today's catalogue, on the day the plan was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import msgspec
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from matcher.eligibility import eligibility
from matcher.engine import unmet_needs
from matcher.needs import CLEAR_NEED, needs_of
from matcher.offer_matrix import FIELDS, OfferMatrix
from models.plan import Plan
from models.plan_record import decode_record
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_CODES, FieldOfAction

STREAM_ROWS = 2_000  # plans per part read (each ~2.2 KB): a few megabytes at a time


@dataclass(frozen=True, slots=True)
class PlanFacts:
    month: str  # "2026-03", the month the plan was made (UTC)
    district: str | None  # the district the profile names, if any
    fields: frozenset[FieldOfAction]  # fields of action with a need
    unmet_categories: frozenset[str]  # categories with a clear need and no eligible offer


@lru_cache(maxsize=4096)
def _read(encoded: bytes) -> tuple[NeedsProfile | None, frozenset[FieldOfAction]]:
    """The profile and its fields with a need (cached: the plans of one consultation share a profile)."""
    try:
        profile = msgspec.json.decode(encoded, type=NeedsProfile)
    except msgspec.ValidationError:
        return None, frozenset()  # a profile of an older shape: the plan counts, with no needs
    field_need = needs_of(profile).field
    return profile, frozenset(FIELDS[i] for i, need in enumerate(field_need) if need >= CLEAR_NEED)


def _shown_unmet(record: bytes | None) -> frozenset[str] | None:
    """The categories the plan listed as unmet, from its stored record (None: not kept)."""
    if record is None:
        return None
    categories = decode_record(record).unmet_categories
    return None if categories is None else frozenset(categories)


def _recomputed_unmet(profile: NeedsProfile, matrix: OfferMatrix | None, made: datetime) -> frozenset[str]:
    if matrix is None:
        return frozenset()
    _fields, categories = unmet_needs(needs_of(profile), matrix, eligibility(profile, matrix, made.date()))
    return frozenset(CATEGORY_CODES[c] for c in categories)


def plan_facts(
    created_at: datetime, profile: dict[str, Any], record: bytes | None, matrix: OfferMatrix | None
) -> PlanFacts:
    """The facts of one stored plan (``matrix``: today's catalogue, for plans stored without their texts)."""
    needs_profile, fields = _read(msgspec.json.encode(profile, order="sorted"))
    month = f"{created_at:%Y-%m}"
    if needs_profile is None:
        return PlanFacts(month, None, frozenset(), frozenset())
    shown_unmet = _shown_unmet(record)
    return PlanFacts(
        month=month,
        district=needs_profile.district.value if needs_profile.district else None,
        fields=fields,
        unmet_categories=shown_unmet
        if shown_unmet is not None
        else _recomputed_unmet(needs_profile, matrix, created_at),
    )


async def plans_made(
    session: AsyncSession, start: datetime, end: datetime, matrix: OfferMatrix | None
) -> list[PlanFacts]:
    """The facts of every consultation's plan made from ``start`` up to (not including) ``end``.

    Every change on the counselling screen makes a plan; the plans of one sitting share a consultation id, and
    only its latest plan counts (a plan without a consultation, such as one from a partner tool, counts
    itself)."""
    later = aliased(Plan)
    superseded = exists().where(
        later.consultation == Plan.consultation, later.owner == Plan.owner, later.created_at > Plan.created_at
    )
    query = select(Plan.created_at, Plan.profile, Plan.record).where(
        Plan.created_at >= start,
        Plan.created_at < end,
        Plan.channel != "kiosk",
        Plan.consultation.is_(None) | ~superseded,
    )
    # Read in parts of STREAM_ROWS (a server-side cursor on PostgreSQL): a year of a region's plans is hundreds of
    # megabytes, and each part is one statement within the service's answer timeout (LOTSE_DB_TIMEOUT_SECONDS);
    # only the small facts are kept.
    rows = await session.stream(query.execution_options(yield_per=STREAM_ROWS))
    return [plan_facts(made, profile, record, matrix) async for made, profile, record in rows]
