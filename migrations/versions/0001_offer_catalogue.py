"""offer catalogue

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider")),
    )
    op.create_table(
        "offer",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("childcare", sa.Boolean(), nullable=False),
        sa.Column("cost_free", sa.Boolean(), nullable=False),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.Column("by_appointment", sa.Boolean(), nullable=False),
        sa.Column("places_available", sa.Integer(), nullable=True),
        sa.Column("places_maximum", sa.Integer(), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("eligibility", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["provider.id"], name=op.f("fk_offer_provider_id_provider")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
    )
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_provider_id"), ["provider_id"], unique=False)

    op.create_table(
        "offer_language",
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_language_offer_id_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "position", name=op.f("pk_offer_language")),
    )
    with op.batch_alter_table("offer_language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_language_language"), ["language"], unique=False)

    op.create_table(
        "offer_schedule",
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=5), nullable=False),
        sa.Column("end", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_schedule_offer_id_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "position", name=op.f("pk_offer_schedule")),
    )
    op.create_table(
        "offer_text",
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_text_offer_id_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "language", name=op.f("pk_offer_text")),
    )


def downgrade() -> None:
    op.drop_table("offer_text")
    op.drop_table("offer_schedule")
    with op.batch_alter_table("offer_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_language_language"))

    op.drop_table("offer_language")
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_provider_id"))
        batch_op.drop_index(batch_op.f("ix_offer_field"))
        batch_op.drop_index(batch_op.f("ix_offer_district"))
        batch_op.drop_index(batch_op.f("ix_offer_category"))

    op.drop_table("offer")
    op.drop_table("provider")
