"""The referral's life: made from a plan (with the person's consent), moved along the allowed states by the
counsellor, the partner tool that owns the plan or the provider (signed link), every step kept as history.

A state change is a compare-and-set on the current state, so two changes at once cannot both win: the second
is refused as a conflict. Repeating the change a referral already has (a retry) changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from models.offer_table import Offer
from models.plan import Plan
from models.referral import (
    REASONS_OF,
    TRANSITIONS,
    Referral,
    ReferralChange,
    ReferralEvent,
    ReferralEventOut,
    ReferralOut,
    ReferralReason,
    ReferralStatus,
)
from web.access.audit import record
from web.access.signed_links import read_generation_link, sign_link
from web.planning import PLAN_ID
from web.settings import Settings

LINK_PURPOSE = "referral"
LINK_VALIDITY = timedelta(days=365)  # long enough for a course to be completed


class OfferNotInPlanError(ValueError):
    """The offer was not shown in the plan (neither recommended nor as an alternative)."""


class OfferGoneError(ValueError):
    """The offer left the catalogue since the plan was made: no provider can take the referral."""


class ReasonError(ValueError):
    """The reason does not fit the new state (missing, not needed, or not one of the allowed ones); ``allowed``:
    the reasons the new state takes, in their documented order (none if it takes none)."""

    def __init__(self, message: str, allowed: frozenset[ReferralReason] = frozenset()) -> None:
        super().__init__(message)
        self.allowed = [reason.value for reason in ReferralReason if reason in allowed]


class TransitionConflictError(ValueError):
    """The referral cannot move from its current state to the one asked for."""

    def __init__(self, current: str, wanted: str, *, raced: bool = False) -> None:
        allowed = sorted(TRANSITIONS[ReferralStatus(current)])
        then = f"; from there it can become: {', '.join(allowed)}" if allowed else "; that is final"
        super().__init__(f"The referral is {current!r} and cannot become {wanted!r}{then}.")
        self.current, self.wanted = current, wanted
        self.raced = raced  # another change came first (else: the step never follows from this state)


async def refer(
    session: AsyncSession, plan: Plan, offer_id: str, *, by: str, actor: str | None = None
) -> tuple[Referral, bool]:
    """The referral of ``plan``'s person to ``offer_id`` (made now, or the one made before) and whether it is new.

    ``by`` is who refers ("counsellor" or "partner"); the plan's owner is the referral's source; ``actor`` names
    the account or key in the audit log. The caller has asked for the person's consent."""
    item = next((item for item in plan.items if item.offer_id == offer_id), None)
    if item is None:
        raise OfferNotInPlanError(offer_id)
    plan_id, owner = plan.id, plan.owner or ""
    existing = await _of_plan_and_offer(session, plan_id, offer_id)
    if existing is not None:
        return existing, False
    if await session.get(Offer, offer_id) is None:
        raise OfferGoneError(offer_id)
    now, referral_id = datetime.now(UTC), str(uuid.uuid4())
    referral = Referral(id=referral_id, plan_id=plan_id, offer_id=offer_id, rank=item.rank,
                        propensity=item.propensity, status=ReferralStatus.REFERRED.value, reason=None,
                        source=owner, consented_at=now, created_at=now, updated_at=now)  # fmt: skip
    session.add(referral)
    session.add(ReferralEvent(referral_id=referral_id, status=referral.status, reason=None, by=by, at=now))
    record(session, actor or owner or by, "referral_made", referral_id, offer=offer_id)
    try:
        await session.commit()
    except IntegrityError:  # the same referral was made at the same moment by a retry
        await session.rollback()
        existing = await _of_plan_and_offer(session, plan_id, offer_id)
        if existing is None:
            raise
        return existing, False
    stored = await referral_by_id(session, referral_id)
    assert stored is not None
    return stored, True


def check_change(referral: Referral, change: ReferralChange) -> bool:
    """Whether ``change`` changes anything (False: it repeats the current state); raises when it is not allowed."""
    allowed_reasons = REASONS_OF.get(change.status, frozenset())
    if allowed_reasons and change.reason is None:
        raise ReasonError(f"a referral that is {change.status.value} needs a reason: {_names(allowed_reasons)}",
                          allowed_reasons)  # fmt: skip
    if not allowed_reasons and change.reason is not None:
        raise ReasonError(f"only declined and dropped referrals take a reason, not {change.status.value}")
    if change.reason is not None and change.reason not in allowed_reasons:
        raise ReasonError(
            f"{change.reason.value!r} is not a reason for {change.status.value}: {_names(allowed_reasons)}",
            allowed_reasons,
        )
    current = ReferralStatus(referral.status)
    if change.status == current and (change.reason.value if change.reason else None) == referral.reason:
        return False
    if change.status not in TRANSITIONS[current]:
        raise TransitionConflictError(current.value, change.status.value)
    return True


async def change_status(session: AsyncSession, referral: Referral, change: ReferralChange, *, by: str,
                        actor: str) -> Referral:  # fmt: skip
    """Move ``referral`` to ``change.status`` (compare-and-set on its current state) and keep the step."""
    if not check_change(referral, change):
        return referral
    now, reason = datetime.now(UTC), change.reason.value if change.reason else None
    referral_id, current = referral.id, referral.status
    moved = await session.execute(
        update(Referral)
        .where(Referral.id == referral_id, Referral.status == current)
        .values(status=change.status.value, reason=reason, updated_at=now)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        latest = await referral_by_id(session, referral_id)
        raise TransitionConflictError(latest.status if latest else current, change.status.value, raced=True)
    session.add(ReferralEvent(referral_id=referral_id, status=change.status.value, reason=reason, by=by, at=now))
    record(session, actor, "referral_changed", referral_id, status=change.status.value, reason=reason)
    await session.commit()
    stored = await referral_by_id(session, referral_id)
    assert stored is not None
    return stored


def _names(reasons: frozenset[ReferralReason]) -> str:
    return ", ".join(sorted(r.value for r in reasons))


async def referral_by_id(session: AsyncSession, referral_id: str) -> Referral | None:
    if not PLAN_ID.match(referral_id):  # referral ids are UUIDs like plan ids; nothing else is looked up
        return None
    query = select(Referral).options(selectinload(Referral.events)).where(Referral.id == referral_id)
    return await session.scalar(query.execution_options(populate_existing=True))


async def _of_plan_and_offer(session: AsyncSession, plan_id: str, offer_id: str) -> Referral | None:
    query = select(Referral).options(selectinload(Referral.events))
    return await session.scalar(query.where(Referral.plan_id == plan_id, Referral.offer_id == offer_id))


async def referrals_of_plan(session: AsyncSession, plan_id: str) -> dict[str, Referral]:
    """The plan's referrals by offer id."""
    query = select(Referral).options(selectinload(Referral.events)).where(Referral.plan_id == plan_id)
    return {referral.offer_id: referral for referral in await session.scalars(query)}


async def plan_of(session: AsyncSession, referral: Referral) -> Plan | None:
    return await session.get(Plan, referral.plan_id)


def referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(
        referral_id=referral.id,
        plan_id=referral.plan_id,
        offer_id=referral.offer_id,
        status=ReferralStatus(referral.status),
        reason=ReferralReason(referral.reason) if referral.reason else None,
        created_at=referral.created_at,
        updated_at=referral.updated_at,
        history=[
            ReferralEventOut(
                status=ReferralStatus(e.status), reason=ReferralReason(e.reason) if e.reason else None, by=e.by, at=e.at
            )
            for e in referral.events
        ],
    )


def provider_link(settings: Settings, base: str, referral: Referral) -> str:
    """The signed address where the provider confirms the referral (no account needed)."""
    token = sign_link(settings, LINK_PURPOSE, [referral.id, referral.link_generation])
    return f"{(settings.public_url or base).rstrip('/')}/vermittlung/{token}"


def referral_of_link(settings: Settings, token: str) -> tuple[str, int] | None:
    """The referral id and link generation a link carries (None: forged, damaged or expired)."""
    return read_generation_link(settings, LINK_PURPOSE, token, LINK_VALIDITY)


async def renew_link(session: AsyncSession, referral: Referral, actor: str) -> None:
    """A new provider link for ``referral``: every earlier link stops working (one was forwarded, lost or sent to
    the wrong address). The referral and its history stay as they are."""
    referral.link_generation += 1
    record(session, actor, "referral_link_renewed", referral.id)
    await session.commit()
