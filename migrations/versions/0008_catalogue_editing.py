"""catalogue editing: when each offer was last confirmed, and providers' proposed corrections

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from models.types import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Offers stored before count as confirmed at the upgrade (as an import without a date would), so the
    # stale clock starts now instead of flagging the whole catalogue at once. A constant default fills them:
    # SQLite can add a NOT NULL column only that way, and rebuilding the offer table in batch mode would
    # cascade-delete its texts, languages and times (foreign keys are on).
    upgraded_at = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    op.add_column(
        "offer",
        sa.Column("confirmed_at", UTCDateTime(), nullable=False, server_default=sa.text(f"'{upgraded_at}'")),
    )
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("offer", "confirmed_at", server_default=None)
    op.create_index(op.f("ix_offer_confirmed_at"), "offer", ["confirmed_at"])
    op.create_table(
        "offer_proposal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_proposal_offer_id_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_proposal")),
    )
    op.create_index(op.f("ix_offer_proposal_offer_id"), "offer_proposal", ["offer_id"])
    op.create_index(op.f("ix_offer_proposal_provider_id"), "offer_proposal", ["provider_id"])
    op.create_index(op.f("ix_offer_proposal_decided_at"), "offer_proposal", ["decided_at"])


def downgrade() -> None:
    op.drop_table("offer_proposal")
    op.drop_index(op.f("ix_offer_confirmed_at"), table_name="offer")
    if op.get_bind().dialect.name == "sqlite":  # natively (3.35+): a batch rebuild would cascade-delete
        op.execute("ALTER TABLE offer DROP COLUMN confirmed_at")
    else:
        op.drop_column("offer", "confirmed_at")
