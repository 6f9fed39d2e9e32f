"""Plans: the API's answer to a needs profile, and the record kept of it for feedback and learning.

A stored plan keeps the needs profile (which identifies no one), the plan as it was shown (``documents``, one
per language, so it can be shown again and printed), the offers a counsellor hid, and per recommendation the rank and
the pair features it had, so that feedback can later be learned from with its position. Kiosk plans are
never stored.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec
from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.offer import OfferOut
from models.taxonomy import FieldOfAction
from models.types import UTCDateTime


class Phase(StrEnum):
    NOW = "now"  # within two weeks
    SOON = "soon"  # the next three months
    LATER = "later"


class NeedOut(msgspec.Struct, kw_only=True):
    field: FieldOfAction
    label: str
    score: float


class Reason(msgspec.Struct, kw_only=True):
    code: str
    text: str
    weight: float


class AlternativeOut(msgspec.Struct, kw_only=True):
    """Another offer of the same kind, for when the recommended one does not suit."""

    score: float
    offer: OfferOut


class RecommendationOut(msgspec.Struct, kw_only=True):
    rank: int
    score: float
    offer: OfferOut
    reasons: list[Reason]
    alternatives: list[AlternativeOut] = msgspec.field(default_factory=list)


class StepOut(msgspec.Struct, kw_only=True):
    phase: Phase
    field: FieldOfAction
    text: str
    offer_ids: list[str]


class UnmetNeedOut(msgspec.Struct, kw_only=True):
    field: FieldOfAction
    label: str
    categories: list[str]


class PlanOut(msgspec.Struct, kw_only=True):
    plan_id: str
    created_at: datetime
    model_version: int
    language: str
    needs: list[NeedOut]
    recommendations: list[RecommendationOut]
    steps: list[StepOut]
    unmet_needs: list[UnmetNeedOut]


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    model_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    profile: Mapped[dict[str, object]] = mapped_column(JSON)
    documents: Mapped[dict[str, object]] = mapped_column(JSON)  # language → the plan as shown
    hidden: Mapped[list[str]] = mapped_column(JSON)
    # Who made it: "staff:<account id>" or "key:<key id>"; only they can read it or report outcomes for it.
    owner: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    # The counsellor's own short, non-identifying reference and follow-up date (web/staff/plans.py).
    case_reference: Mapped[str | None] = mapped_column(String(30), nullable=True)
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The consultation the plan belongs to: every change on the counselling screen makes a plan, and the plans
    # of one sitting share this id, so that reports count the consultation once (its latest plan).
    consultation: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    # Set when retention reduced the plan to what training needs (docs/privacy.md).
    reduced_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    items: Mapped[list[PlanItem]] = relationship(cascade="all, delete-orphan", lazy="raise", order_by="PlanItem.rank")


class PlanItem(Base):
    __tablename__ = "plan_item"

    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[float] = mapped_column(Float)
    features: Mapped[list[float]] = mapped_column(JSON)  # no longer written: training recomputes from the profile
    # Probability that the plan showed this offer for its category (exploration, matcher/selection.py).
    propensity: Mapped[float] = mapped_column(Float, server_default=text("1"))
