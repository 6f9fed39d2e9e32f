"""Stored plans and referrals for the steering tests, written as rows into the test's real database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from models.database import create_engine, session_factory
from models.offer_table import Offer
from models.plan import Plan
from models.plan_record import FORMAT, PlanRecord, encode_record
from models.referral import Referral

# A newcomer in shared accommodation with little German who looks for work: clear needs in language and work.
PROFILE: dict[str, object] = {"german_level": "A1", "children_ages": [], "work": "job_seeking",
                              "housing": "shared_accommodation", "age": 30, "months_in_germany": 8}  # fmt: skip


def plan_row(district: str | None, made: datetime, *, unmet: Sequence[str] = (), stored_texts: bool = True) -> Plan:
    profile = {**PROFILE, **({"district": district} if district else {})}
    record = PlanRecord(format=FORMAT, needs=[], recommendations=[], unmet_fields=[], unmet_categories=list(unmet))
    return Plan(id=str(uuid.uuid4()), created_at=made, model_version=1, language="de", channel="screen",
                profile=profile, record=encode_record(record) if stored_texts else None, hidden=[], owner="staff:1",
                reduced_at=None if stored_texts else made)  # fmt: skip


async def store_plans(url: str, plans: Sequence[Plan]) -> list[str]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            session.add_all(plans)
            await session.commit()
    finally:
        await engine.dispose()
    return [plan.id for plan in plans]


async def store_referrals(url: str, plan_ids: Sequence[str], field: str, status: str, made: datetime) -> None:
    """One referral per plan to an offer of ``field``, in ``status``, made at ``made``."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            offer_id = await session.scalar(select(Offer.id).where(Offer.field == field).limit(1))
            session.add_all(
                Referral(
                    id=str(uuid.uuid4()),
                    plan_id=plan_id,
                    offer_id=offer_id,
                    rank=1,
                    propensity=1.0,
                    status=status,
                    reason=None,
                    source="staff:1",
                    consented_at=made,
                    created_at=made,
                    updated_at=made,
                )
                for plan_id in plan_ids
            )
            await session.commit()
    finally:
        await engine.dispose()
