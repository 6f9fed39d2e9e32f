"""Feedback: what a person decided about a recommended offer, recorded by a counsellor or partner tool."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import msgspec
from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.plan import Plan
from models.types import UTCDateTime


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NOT_SUITABLE = "not_suitable"
    COMPLETED = "completed"


class FeedbackIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    offer_id: Annotated[
        str,
        msgspec.Meta(
            min_length=1, max_length=64, description="A recommended offer of the plan, or one of its alternatives."
        ),
    ]
    outcome: Annotated[Outcome, msgspec.Meta(description="What the person decided.")]


class FeedbackOut(msgspec.Struct, kw_only=True):
    feedback_id: Annotated[int, msgspec.Meta(description="The feedback's id.")]
    plan_id: Annotated[str, msgspec.Meta(description="The plan.")]
    offer_id: Annotated[str, msgspec.Meta(description="The offer.")]
    outcome: Annotated[Outcome, msgspec.Meta(description="The outcome recorded.")]
    rank: Annotated[
        int, msgspec.Meta(description="The rank the offer had in the plan (alternatives after the recommendations).")
    ]
    created_at: Annotated[datetime, msgspec.Meta(description="When it was recorded (UTC).")]


class Feedback(Base):
    """One outcome, with the rank and the pair features the offer had in the plan (for learning)."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("plan_id", "offer_id", name="uq_feedback_plan_offer"),  # one current outcome per offer
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[int] = mapped_column(Integer)
    features: Mapped[list[float]] = mapped_column(JSON)  # no longer written: training recomputes from the profile
    propensity: Mapped[float] = mapped_column(Float, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who reported it ("staff:<id>", "key:<id>"); training learns only from known sources and holds out by source.
    source: Mapped[str | None] = mapped_column(String(40), nullable=True)


class FeedbackRequest(Base):
    """A feedback request sent with an ``Idempotency-Key``, and the answer it got: a retry gets the same answer,
    even after a later outcome replaced the feedback row."""

    __tablename__ = "feedback_request"
    __table_args__ = (UniqueConstraint("source", "idempotency_key", name="uq_feedback_request_source_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(40))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)  # plan deletion
    offer_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    feedback_id: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def feedback_with_profiles(session: AsyncSession) -> list[tuple[Feedback, dict[str, object]]]:
    """Every feedback row with the needs profile of its plan, oldest first (what ``lotse train`` learns from)."""
    query = select(Feedback, Plan.profile).join(Plan, Plan.id == Feedback.plan_id).order_by(Feedback.id)
    rows = await session.execute(query)
    return [(feedback, profile) for feedback, profile in rows]
