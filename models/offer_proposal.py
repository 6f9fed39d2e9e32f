"""Corrections a provider proposes for one of its offers, waiting for an editor's approval.

``proposed`` holds the blocks the provider changed, in the shape of ``OfferRecord`` fields (free places,
weekly times, contact, texts), and ``base`` the same blocks as they were when the provider proposed. An
approval applies only what the provider changed to the offer as it is then (web/editor/changes.py), so that
an editor's later change of another value in the same block is kept.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.types import UTCDateTime


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class OfferProposal(Base):
    __tablename__ = "offer_proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[str] = mapped_column(String(64), index=True)
    proposed: Mapped[dict[str, object]] = mapped_column(JSON)
    base: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(80), nullable=True)  # "staff:<account name>"
