"""the consultation a plan belongs to (the plans of one sitting on the counselling screen); what an offer was
when a provider proposed a correction (so that an approval applies only the provider's own changes)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without default: a plain ALTER TABLE on SQLite and PostgreSQL (no table rebuild).
    op.add_column("plan", sa.Column("consultation", sa.String(length=36), nullable=True))
    op.create_index(op.f("ix_plan_consultation"), "plan", ["consultation"])
    op.add_column("offer_proposal", sa.Column("base", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("offer_proposal", "base")
    op.drop_index(op.f("ix_plan_consultation"), table_name="plan")
    op.drop_column("plan", "consultation")  # SQLite's own DROP COLUMN: no rebuild that would cascade
