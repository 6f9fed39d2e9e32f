"""imported HSDS directories: every service and organization kept verbatim (services to review among them);
costs in other currencies; further places of an offer

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.types import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_entry",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=False),
        sa.Column("lotse_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("organization_id", sa.String(length=200), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("baseline", sa.JSON(), nullable=True),
        sa.Column("review", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "hsds_id", name=op.f("pk_directory_entry")),
    )
    op.create_index(op.f("ix_directory_entry_lotse_id"), "directory_entry", ["lotse_id"])
    # Nullable columns without default: a plain ALTER TABLE on SQLite and PostgreSQL (no table rebuild).
    op.add_column("offer", sa.Column("cost_amount", sa.Float(), nullable=True))
    op.add_column("offer", sa.Column("cost_currency", sa.String(length=3), nullable=True))
    op.add_column("offer", sa.Column("places", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("offer", "places")
    op.drop_column("offer", "cost_currency")
    op.drop_column("offer", "cost_amount")
    op.drop_index(op.f("ix_directory_entry_lotse_id"), table_name="directory_entry")
    op.drop_table("directory_entry")
