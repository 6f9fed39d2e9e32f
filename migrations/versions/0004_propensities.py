"""propensity of every shown offer and of every feedback

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plans and feedback from before exploration were shown deterministically: propensity 1.
    for table in ("plan_item", "feedback"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("propensity", sa.Float(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    for table in ("plan_item", "feedback"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("propensity")
