"""Reading what the catalogue screens wrote, straight from the database."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from models.catalogue import catalogue_revision
from models.database import create_engine, session_factory
from models.offer_proposal import OfferProposal
from models.offer_table import Offer
from web.access.audit import recent_events


@dataclass(frozen=True)
class Snapshot:
    confirmed_at: dict[str, datetime]
    revision: int
    audit: list[tuple[str, str, str, dict[str, object]]]  # (actor, action, target, detail), newest first
    proposals: list[tuple[int, str, str | None]]  # (id, offer id, decision)


def snapshot(url: str) -> Snapshot:
    return asyncio.run(_snapshot(url))


async def _snapshot(url: str) -> Snapshot:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            confirmed = dict((await session.execute(select(Offer.id, Offer.confirmed_at))).tuples().all())
            events = [(e.actor, e.action, e.target, e.detail) for e in await recent_events(session, limit=50)]
            proposals = (
                await session.execute(
                    select(OfferProposal.id, OfferProposal.offer_id, OfferProposal.decision).order_by(OfferProposal.id)
                )
            ).tuples()
            return Snapshot(confirmed, await catalogue_revision(session), events, list(proposals))
    finally:
        await engine.dispose()


def make_stale(url: str, offer_id: str, when: datetime) -> None:
    asyncio.run(_make_stale(url, offer_id, when))


async def _make_stale(url: str, offer_id: str, when: datetime) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine).begin() as session:
            offer = await session.get(Offer, offer_id)
            assert offer is not None
            offer.confirmed_at = when
    finally:
        await engine.dispose()
