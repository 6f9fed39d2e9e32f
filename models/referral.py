"""Referrals: a person sent to an offer from a plan, and what became of it, confirmed by the provider.

No personal data: a referral knows its plan, the offer, who made it and its states. States move only along
``TRANSITIONS``; declining and dropping out need a reason code (no free text, which could name a person).
Every change is kept in ``referral_event`` (the history), and the outcomes are what ``lotse train`` learns from.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import msgspec
from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from models.base import Base
from models.plan import Plan
from models.types import UTCDateTime


class ReferralStatus(StrEnum):
    """A referral's state: `referred`, then `accepted` or `declined`; after `accepted`, `started`, then
    `completed`; `dropped` from `referred`, `accepted` or `started`."""

    REFERRED = "referred"  # the counsellor sent the person, with their consent
    ACCEPTED = "accepted"  # the provider takes the person
    DECLINED = "declined"  # the provider does not (reason)
    STARTED = "started"  # the person began the offer
    COMPLETED = "completed"  # and finished it
    DROPPED = "dropped"  # and stopped, or never came (reason)


class ReferralReason(StrEnum):
    NO_PLACES = "no_places"  # the offer is full
    NOT_ELIGIBLE = "not_eligible"  # the person does not meet the offer's conditions
    NOT_REACHABLE = "not_reachable"  # the provider or the person could not reach the other
    NOT_SUITABLE = "not_suitable"  # the offer did not suit the person
    SCHEDULE = "schedule"  # the times do not fit
    CHILDCARE = "childcare"  # no care for the children during the offer
    MOVED_AWAY = "moved_away"
    FOUND_WORK = "found_work"
    HEALTH = "health"
    OTHER = "other"


TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.REFERRED: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.DROPPED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.STARTED, ReferralStatus.DROPPED}),
    ReferralStatus.STARTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.DROPPED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.DROPPED: frozenset(),
}
DECLINE_REASONS = frozenset(
    {ReferralReason.NO_PLACES, ReferralReason.NOT_ELIGIBLE, ReferralReason.NOT_REACHABLE, ReferralReason.OTHER}
)
DROP_REASONS = frozenset(ReferralReason) - {ReferralReason.NO_PLACES, ReferralReason.NOT_ELIGIBLE}
REASONS_OF: dict[ReferralStatus, frozenset[ReferralReason]] = {
    ReferralStatus.DECLINED: DECLINE_REASONS,
    ReferralStatus.DROPPED: DROP_REASONS,
}


class ReferralIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    offer_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64, description="An offer the plan shows.")]


class ReferralChange(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A change of a referral's state: `status` is the new state, and only an allowed transition is taken."""

    status: Annotated[ReferralStatus, msgspec.Meta(description="The new state; only allowed transitions.")]
    reason: Annotated[
        ReferralReason | None, msgspec.Meta(description="Needed for `declined` and `dropped`, refused otherwise.")
    ] = None


class ReferralEventOut(msgspec.Struct, kw_only=True):
    """One step of a referral's history: `status` is the state reached."""

    status: Annotated[ReferralStatus, msgspec.Meta(description="The state reached.")]
    reason: Annotated[ReferralReason | None, msgspec.Meta(description="Why (declined and dropped only).")]
    by: Annotated[str, msgspec.Meta(description="Who: `counsellor`, `partner` or `provider` (never a name).")]
    at: Annotated[datetime, msgspec.Meta(description="When (UTC).")]


class ReferralOut(msgspec.Struct, kw_only=True):
    """A referral of a person to an offer of their plan; `status` is its current state."""

    referral_id: Annotated[str, msgspec.Meta(description="The referral's id (UUID).")]
    plan_id: Annotated[str, msgspec.Meta(description="The plan it was made from.")]
    offer_id: Annotated[str, msgspec.Meta(description="The offer the person was referred to.")]
    status: Annotated[ReferralStatus, msgspec.Meta(description="The current state.")]
    reason: Annotated[ReferralReason | None, msgspec.Meta(description="Why it was declined or dropped.")]
    created_at: Annotated[datetime, msgspec.Meta(description="When the person was referred (UTC).")]
    updated_at: Annotated[datetime, msgspec.Meta(description="When the state last changed (UTC).")]
    history: Annotated[list[ReferralEventOut], msgspec.Meta(description="Every state reached, oldest first.")]
    provider_link: Annotated[
        str | None,
        msgspec.Meta(
            description="The signed address to send or hand to the provider: it shows the offer and the referral "
            "date, never the person, and lets the provider confirm (valid for a year)."
        ),
    ] = None


class Referral(Base):
    __tablename__ = "referral"
    __table_args__ = (UniqueConstraint("plan_id", "offer_id", name="uq_referral_plan_offer"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[str] = mapped_column(String(64), index=True)
    # The rank and propensity the offer had in the plan (0 for an alternative the person chose instead).
    rank: Mapped[int] = mapped_column(Integer)
    propensity: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(String(24), nullable=True)
    # Who referred: "staff:<account id>" or "key:<key id>" (the plan's owner).
    source: Mapped[str] = mapped_column(String(40))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The provider's link carries the generation it was made in; a new link moves it on (referral ids are never
    # reused, so counting is enough). Links made before generations carry the id alone: generation 0.
    link_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    events: Mapped[list[ReferralEvent]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="ReferralEvent.id"
    )


class ReferralEvent(Base):
    """One state a referral reached, by whom (a role, never a name) and when."""

    __tablename__ = "referral_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(24), nullable=True)
    by: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


async def referrals_with_profiles(session: AsyncSession) -> list[tuple[Referral, dict[str, object]]]:
    """Every referral (with its history) and the needs profile of its plan, oldest first (what ``lotse train``
    learns from)."""
    query = (
        select(Referral, Plan.profile)
        .join(Plan, Plan.id == Referral.plan_id)
        .options(selectinload(Referral.events))
        .order_by(Referral.created_at)
    )
    rows = await session.execute(query)
    return [(referral, profile) for referral, profile in rows]
