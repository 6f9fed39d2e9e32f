"""compact plans: one MessagePack record per plan instead of rendered documents and one row per offer

Every plan gets ``plan.record`` (models/plan_record.py, format 1). Plans stored before keep what they showed:
their offers, ranks, scores, propensities, reason codes and weights and unmet needs from their documents and
``plan_item`` rows, and their documents themselves under ``legacy`` (their pair features were never stored, so
their texts cannot be rendered again; they are shown as stored). A plan without documents (reduced by
retention, or older than 0003) keeps its offers from ``plan_item`` and no unmet needs (recomputed by the
reports). Then ``plan.documents`` and ``plan_item`` go.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import msgspec
import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
SCORE_SCALE = 10_000
# The layout of record format 1 (MessagePack, then zlib), frozen here: models/plan_record.py may grow, this
# migration must not change.
# [format, needs, [[offer, category, score, propensity, [[code, weight]], features, unverified, urgent, covers,
#   [[offer, score]]]], unmet_fields, unmet_categories, legacy]

plan = sa.table(
    "plan",
    sa.column("id", sa.String),
    sa.column("language", sa.String),
    sa.column("documents", sa.JSON),
    sa.column("record", sa.LargeBinary),
)
plan_item = sa.table(
    "plan_item",
    sa.column("plan_id", sa.String),
    sa.column("rank", sa.Integer),
    sa.column("offer_id", sa.String),
    sa.column("score", sa.Float),
    sa.column("propensity", sa.Float),
    sa.column("features", sa.JSON),
)


def _record(language: str, documents: dict[str, Any], items: list[Any]) -> bytes:
    propensity = {item.offer_id: item.propensity for item in items}
    category = {}
    document = documents.get(language) or next(iter(documents.values()), None)
    if document is None:  # no texts kept: the offers from plan_item, the alternatives' propensity 0
        shown = [i for i in items if i.propensity > 0] or items
        recommendations = [[i.offer_id, "", round(i.score * SCORE_SCALE), i.propensity, [], b"", 0, False, None, []]
                           for i in shown]  # fmt: skip
        return zlib.compress(msgspec.msgpack.encode([1, [], recommendations, [], None, None]))
    recommendations = []
    for r in document.get("recommendations", []):
        offer = r["offer"]
        category[offer["id"]] = offer.get("category", "")
        recommendations.append([
            offer["id"], offer.get("category", ""), round(r["score"] * SCORE_SCALE), propensity.get(offer["id"], 1.0),
            [[reason["code"], reason["weight"]] for reason in r.get("reasons", [])], b"", 0, False, None,
            [[a["offer"]["id"], round(a["score"] * SCORE_SCALE)] for a in r.get("alternatives", [])],
        ])  # fmt: skip
    unmet = document.get("unmet_needs", [])
    return zlib.compress(msgspec.msgpack.encode([
        1, [], recommendations, [u["field"] for u in unmet if not u.get("categories")],
        [code for u in unmet for code in u.get("categories", [])], documents,
    ]))  # fmt: skip


def upgrade() -> None:
    op.add_column("plan", sa.Column("record", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    last = ""
    while True:
        rows = connection.execute(
            sa.select(plan.c.id, plan.c.language, plan.c.documents).where(plan.c.id > last).order_by(plan.c.id)
            .limit(BATCH)
        ).all()  # fmt: skip
        if not rows:
            break
        last = rows[-1].id
        items: dict[str, list[Any]] = {}
        query = sa.select(plan_item).where(plan_item.c.plan_id.in_([row.id for row in rows])).order_by(plan_item.c.rank)
        for item in connection.execute(query):
            items.setdefault(item.plan_id, []).append(item)
        for row in rows:
            record = _record(row.language, row.documents or {}, items.get(row.id, []))
            connection.execute(sa.update(plan).where(plan.c.id == row.id).values(record=record))
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch rebuild of ``plan`` would cascade to feedback.
    op.drop_column("plan", "documents")
    op.drop_index(op.f("ix_plan_item_offer_id"), table_name="plan_item")
    op.drop_table("plan_item")


def downgrade() -> None:
    op.create_table(
        "plan_item",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("propensity", sa.Float(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_plan_item_plan_id_plan"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id", "rank", name=op.f("pk_plan_item")),
    )
    op.create_index(op.f("ix_plan_item_offer_id"), "plan_item", ["offer_id"], unique=False)
    op.add_column("plan", sa.Column("documents", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    connection = op.get_bind()
    stored = connection.execute(sa.select(plan.c.id, plan.c.record).where(plan.c.record.is_not(None))).all()
    for plan_id, record in stored:
        _format, _needs, recommendations, _fields, _categories, legacy = (
            *msgspec.msgpack.decode(zlib.decompress(record)),
            None,
        )[:6]
        items = [(r[0], r[2], r[3]) for r in recommendations]
        items += [(a[0], a[1], 0.0) for r in recommendations for a in r[9]]
        connection.execute(sa.insert(plan_item), [
            {"plan_id": plan_id, "rank": rank, "offer_id": offer, "score": score / SCORE_SCALE, "features": [],
             "propensity": propensity} for rank, (offer, score, propensity) in enumerate(items, start=1)
        ])  # fmt: skip
        if legacy:
            connection.execute(sa.update(plan).where(plan.c.id == plan_id).values(documents=legacy))
    op.drop_column("plan", "record")
