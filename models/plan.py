"""Plans: the API's answer to a needs profile, and the record kept of it for feedback and learning.

A stored plan keeps the needs profile (which identifies no one), the offers a counsellor hid, and one compact
record (``models.plan_record``) of what the plan showed: per offer its rank, score, propensity, reasons and pair
features, so that feedback can be learned from with its position and the plan can be rendered again in any
language. No rendered texts are stored. Kiosk plans are never stored.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import msgspec
from sqlalchemy import JSON, Date, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.offer import OfferOut
from models.plan_record import PlanItem, PlanRecord, decode_record, items_of
from models.taxonomy import FieldOfAction
from models.types import UTCDateTime


class Phase(StrEnum):
    NOW = "now"  # within two weeks
    SOON = "soon"  # the next three months
    LATER = "later"


class NeedOut(msgspec.Struct, kw_only=True):
    field: Annotated[FieldOfAction, msgspec.Meta(description="The field of action.")]
    label: Annotated[str, msgspec.Meta(description="The field's name in the plan language.")]
    score: Annotated[float, msgspec.Meta(description="How strong the need is, 0–1.")]


class Reason(msgspec.Struct, kw_only=True):
    code: Annotated[
        str, msgspec.Meta(description="What the reason is about (`need`, `language`, `childcare`, … see docs/api.md).")
    ]
    text: Annotated[str, msgspec.Meta(description="The reason in words, in the plan language.")]
    weight: Annotated[
        float,
        msgspec.Meta(
            description="The reason's share of the model's contributions to the score; negative: against the offer; 0 for reasons of placement."
        ),
    ]


class AlternativeOut(msgspec.Struct, kw_only=True):
    """Another offer of the same kind, for when the recommended one does not suit."""

    score: Annotated[float, msgspec.Meta(description="The model's score for this offer.")]
    offer: Annotated[OfferOut, msgspec.Meta(description="The offer, as in /api/v1/offers/{offer_id}.")]


class RecommendationOut(msgspec.Struct, kw_only=True):
    rank: Annotated[int, msgspec.Meta(description="The place in the plan, from 1.")]
    score: Annotated[float, msgspec.Meta(description="The model's score for this offer.")]
    offer: Annotated[OfferOut, msgspec.Meta(description="The offer, as in /api/v1/offers/{offer_id}.")]
    reasons: Annotated[list[Reason], msgspec.Meta(description="Why the offer fits, or does not quite.")]
    alternatives: Annotated[
        list[AlternativeOut], msgspec.Meta(description="Up to three further offers of the same category, best first.")
    ] = msgspec.field(default_factory=list)


class StepOut(msgspec.Struct, kw_only=True):
    phase: Annotated[Phase, msgspec.Meta(description="When: `now` (two weeks), `soon` (three months) or `later`.")]
    field: Annotated[FieldOfAction, msgspec.Meta(description="The field of action.")]
    text: Annotated[
        str, msgspec.Meta(description="The step in words, from the person's situation, in the plan language.")
    ]
    offer_ids: Annotated[list[str], msgspec.Meta(description="The recommended offer for this step.")]


class UnmetNeedOut(msgspec.Struct, kw_only=True):
    field: Annotated[FieldOfAction, msgspec.Meta(description="The field of action with a clear need.")]
    label: Annotated[str, msgspec.Meta(description="The field's name in the plan language.")]
    categories: Annotated[
        list[str],
        msgspec.Meta(description="Categories of help needed for which no offer the person is eligible for exists."),
    ]


class PlanOut(msgspec.Struct, kw_only=True, omit_defaults=True):  # removed_offers only when there are any
    plan_id: Annotated[
        str, msgspec.Meta(description="The plan's id (UUID): read it again, record feedback and referrals with it.")
    ]
    created_at: Annotated[datetime, msgspec.Meta(description="When the plan was made (UTC).")]
    model_version: Annotated[int, msgspec.Meta(description="The ranking model that made it.")]
    language: Annotated[str, msgspec.Meta(description="The plan language.")]
    needs: Annotated[
        list[NeedOut], msgspec.Meta(description="Every field of action with its need score, highest first.")
    ]
    recommendations: Annotated[list[RecommendationOut], msgspec.Meta(description="The recommended offers, in order.")]
    steps: Annotated[list[StepOut], msgspec.Meta(description="What to do when.")]
    unmet_needs: Annotated[
        list[UnmetNeedOut], msgspec.Meta(description="Needs without any offer the person is eligible for.")
    ]
    removed_offers: Annotated[
        list[str],
        msgspec.Meta(
            description="Offers the plan showed when it was made that are no longer in the catalogue (ids); "
            "they are left out of `recommendations`. Empty for a new plan."
        ),
    ] = msgspec.field(default_factory=list)


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    model_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    profile: Mapped[dict[str, object]] = mapped_column(JSON)
    # The compact record of what the plan showed (models.plan_record); None once retention reduced the plan.
    record: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
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

    @property
    def decoded(self) -> PlanRecord | None:
        return None if self.record is None else decode_record(self.record)

    @property
    def items(self) -> list[PlanItem]:
        """The offers the plan showed, recommendations by rank first, then their alternatives."""
        return items_of(self.decoded)
