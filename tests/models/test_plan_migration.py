"""Migration 0011 turns stored plans (documents and ``plan_item`` rows) into compact records, keeping their
feedback, and migrating down restores what it can, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from models.database import alembic_config, session_factory, upgrade_schema
from models.feedback import Feedback
from models.plan import Plan
from models.types import UTCDateTime

PLAN_ID = "11111111-2222-4333-8444-555555555555"
MADE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
OFFER: dict[str, Any] = {"id": "sprachcafe", "title": "Sprachcafé", "category": "bildung_sprache.language_cafe"}
DOCUMENT: dict[str, Any] = {
    "plan_id": PLAN_ID, "created_at": MADE.isoformat(), "model_version": 3, "language": "de", "needs": [],
    "recommendations": [{"rank": 1, "score": 1.2345, "offer": OFFER, "alternatives": [
        {"score": 0.9, "offer": {**OFFER, "id": "integrationskurs"}}],
        "reasons": [{"code": "need", "text": "Passt", "weight": 0.8}, {"code": "distance", "text": "Weit", "weight": -0.0}]}],
    "steps": [], "unmet_needs": [{"field": "wohnen", "label": "Wohnen", "categories": ["wohnen.social_housing"]}],
}  # fmt: skip

plan = sa.table("plan", *(sa.column(name) for name in ("id", "model_version", "language", "channel", "owner")),
                sa.column("created_at", UTCDateTime()), sa.column("profile", sa.JSON), sa.column("hidden", sa.JSON),
                sa.column("documents", sa.JSON))  # fmt: skip
plan_item = sa.table("plan_item", *(sa.column(name) for name in ("plan_id", "rank", "offer_id", "score", "propensity")),
                     sa.column("features", sa.JSON))  # fmt: skip
feedback = sa.table("feedback", *(sa.column(name) for name in ("plan_id", "offer_id", "outcome", "rank", "model_version",
                    "propensity")), sa.column("features", sa.JSON), sa.column("created_at", UTCDateTime()))  # fmt: skip


async def _run(engine: AsyncEngine, step: Any) -> Any:
    async with engine.connect() as connection:
        result = await connection.run_sync(step)
        await connection.commit()
        return result


def _store_old_plan(connection: Connection) -> None:
    connection.execute(sa.insert(plan).values(id=PLAN_ID, created_at=MADE, model_version=3, language="de",
                                              channel="api", owner="key:1", profile={"german_level": "A1"}, hidden=[],
                                              documents={"de": DOCUMENT}))  # fmt: skip
    connection.execute(sa.insert(plan_item), [
        {"plan_id": PLAN_ID, "rank": 1, "offer_id": "sprachcafe", "score": 1.2345, "propensity": 0.75, "features": []},
        {"plan_id": PLAN_ID, "rank": 2, "offer_id": "integrationskurs", "score": 0.9, "propensity": 0.0,
         "features": []},
    ])  # fmt: skip
    connection.execute(sa.insert(feedback).values(plan_id=PLAN_ID, offer_id="sprachcafe", outcome="accepted", rank=1,
                                                  model_version=3, propensity=0.75, features=[], created_at=MADE))  # fmt: skip


def _downgrade(connection: Connection) -> None:
    config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    command.downgrade(config, "0010")


def _down_to_0010(connection: Connection) -> list[Any]:
    _downgrade(connection)
    items = connection.execute(sa.select(plan_item.c.rank, plan_item.c.offer_id, plan_item.c.propensity)
                               .order_by(plan_item.c.rank)).all()  # fmt: skip
    documents = connection.execute(sa.select(plan.c.documents)).scalar_one()
    return [[tuple(item) for item in items], documents]


async def test_stored_plans_become_records_and_come_back(engine: AsyncEngine) -> None:
    await _run(engine, _downgrade)
    await _run(engine, _store_old_plan)
    await upgrade_schema(engine)
    async with session_factory(engine)() as session:
        stored = await session.get(Plan, PLAN_ID)
        assert stored is not None and stored.record is not None
        record = stored.decoded
        assert record is not None and record.legacy == {"de": DOCUMENT}, "the texts as they were shown"
        assert [(i.rank, i.offer_id, i.score, i.propensity) for i in stored.items] == [
            (1, "sprachcafe", 1.2345, 0.75), (2, "integrationskurs", 0.9, 0.0)]  # fmt: skip
        assert [(r.code, r.weight) for r in record.recommendations[0].reasons] == [("need", 0.8), ("distance", -0.0)]
        assert record.unmet_categories == ["wohnen.social_housing"]
        outcomes = list(await session.scalars(sa.select(Feedback)))
        assert [(f.plan_id, f.offer_id) for f in outcomes] == [(PLAN_ID, "sprachcafe")], "feedback kept"
    items, documents = await _run(engine, _down_to_0010)
    assert items == [(1, "sprachcafe", 0.75), (2, "integrationskurs", 0.0)]
    assert documents == {"de": DOCUMENT}
