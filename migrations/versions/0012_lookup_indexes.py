"""lookup indexes: feedback_request.plan_id, so that deleting plans (the retention purge cascades to the
stored feedback requests) uses an index instead of a scan per plan; every other lookup of the plan, feedback,
referral and offer paths already has a primary key, unique constraint or index

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_feedback_request_plan_id", "feedback_request", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_feedback_request_plan_id", table_name="feedback_request")
