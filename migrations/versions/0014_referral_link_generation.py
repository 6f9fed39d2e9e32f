"""referral link generation: the counsellor (or the partner tool) that made a referral can replace the provider's
link with a new one; links carry the generation they were made in, and older ones stop working

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as table:
        table.add_column(sa.Column("link_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("referral") as table:
        table.drop_column("link_generation")
