"""Feedback that arrives twice at once (a double click, a retry sent before the first answer came): both
requests succeed, the offer has one current outcome, and an Idempotency-Key's retry gets the first answer."""

from __future__ import annotations

import asyncio

from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select

from models.access import AuditEvent
from models.database import create_engine, session_factory
from models.feedback import Feedback, FeedbackRequest, Outcome
from models.plan import Plan
from web.planning import RecordedOutcome, record_feedback
from web.settings import Settings

PROFILE = {"german_level": "A1", "children_ages": [4], "work": "job_seeking", "housing": "shared_accommodation"}
ROUNDS = 4  # offers of the plan, each sent twice at once


async def _twice_at_once(
    url: str, plan_id: str, offer_id: str, keys: tuple[str | None, str | None]
) -> list[RecordedOutcome]:
    """The same outcome for ``offer_id`` from two sessions (two requests) started together."""
    engine = create_engine(url)
    try:
        sessions = session_factory(engine)

        async def one(key: str | None) -> RecordedOutcome:
            async with sessions() as session:
                plan = await session.get(Plan, plan_id)
                assert plan is not None
                return await record_feedback(session, plan, offer_id, Outcome.ACCEPTED, source="key:1",
                                             idempotency_key=key)  # fmt: skip

        return list(await asyncio.gather(one(keys[0]), one(keys[1])))
    finally:
        await engine.dispose()


async def _stored(url: str) -> tuple[int, int, int]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            audited = select(func.count(AuditEvent.id)).where(AuditEvent.action == "outcome_recorded")
            return (
                await session.scalar(select(func.count(Feedback.id))) or 0,
                await session.scalar(select(func.count(FeedbackRequest.id))) or 0,
                await session.scalar(audited) or 0,
            )
    finally:
        await engine.dispose()


def test_the_same_feedback_twice_at_once_is_stored_once(client: TestClient[Litestar], settings: Settings) -> None:
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    offers = [recommendation["offer"]["id"] for recommendation in plan["recommendations"][: 2 * ROUNDS]]
    url = settings.database_url
    for round_, offer in enumerate(offers[:ROUNDS]):  # the same Idempotency-Key: a retry sent too early
        first, second = asyncio.run(_twice_at_once(url, plan["plan_id"], offer, (f"r{round_}", f"r{round_}")))
        assert first == second
        assert (first.plan_id, first.offer_id, first.outcome) == (plan["plan_id"], offer, "accepted")
    for offer in offers[ROUNDS:]:  # no key: a double click; the second replaces the first with the same outcome
        first, second = asyncio.run(_twice_at_once(url, plan["plan_id"], offer, (None, None)))
        assert first.feedback_id == second.feedback_id
    feedback, requests, audited = asyncio.run(_stored(url))
    assert feedback == len(offers)  # one current outcome per offer
    assert requests == ROUNDS  # each key answered once, its retry from the stored answer
    assert audited == ROUNDS + 2 * (len(offers) - ROUNDS)
