"""Reading what the catalogue screens wrote, straight from the database."""

from __future__ import annotations

import asyncio
import html
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from models.catalogue import catalogue_revision
from models.database import create_engine, session_factory
from models.offer_proposal import OfferProposal
from models.offer_table import Offer
from models.provider import Provider
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
            confirmed = {row[0]: row[1] for row in await session.execute(select(Offer.id, Offer.confirmed_at))}
            events = [(e.actor, e.action, e.target, e.detail) for e in await recent_events(session, limit=50)]
            proposals = await session.execute(
                select(OfferProposal.id, OfferProposal.offer_id, OfferProposal.decision).order_by(OfferProposal.id)
            )
            rows = [(row[0], row[1], row[2]) for row in proposals]
            return Snapshot(confirmed, await catalogue_revision(session), events, rows)
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


def link_generation(url: str, provider_id: str, set_to: int | None = None) -> int:
    """The provider's link generation (after setting it to ``set_to``: 0 is a provider from before generations)."""
    return asyncio.run(_link_generation(url, provider_id, set_to))


async def _link_generation(url: str, provider_id: str, set_to: int | None) -> int:
    engine = create_engine(url)
    try:
        async with session_factory(engine).begin() as session:
            provider = await session.get(Provider, provider_id)
            assert provider is not None
            if set_to is not None:
                provider.link_generation = set_to
            return provider.link_generation
    finally:
        await engine.dispose()


def form_of(page: str) -> dict[str, str | list[str]]:
    """A form's current values as a browser would send them (fields, chosen options, ticked boxes)."""
    values: dict[str, str | list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name is None or name[1] in ("_csrf_token", "ui"):
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                chosen = html.unescape(value[1]) if value else "on"
                values[name[1]] = chosen if name[1] == "by_appointment" else [*values.get(name[1], []), chosen]
            continue
        values[name[1]] = html.unescape(value[1]) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[name] = html.unescape(body)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        option = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = option[1] if option else ""
    return values
