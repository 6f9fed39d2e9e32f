"""provider link generation: an editor can withdraw every link a provider was given (a leaked or forwarded
link); links carry the generation they were made in and stop working when the provider's generation moves on

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("provider") as table:
        table.add_column(sa.Column("link_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("provider") as table:
        table.drop_column("link_generation")
