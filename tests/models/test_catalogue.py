"""Storing and loading the catalogue in a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncEngine

from models.catalogue import Catalogue, OfferFilter, load_catalogue, offer_count, offer_page, store_catalogue
from models.database import session_factory
from seed.demo import demo_catalogue
from web.cli_import import offer_changes


async def test_the_demo_catalogue_comes_back_unchanged(engine: AsyncEngine) -> None:
    catalogue = demo_catalogue()
    async with session_factory(engine).begin() as session:
        summary = await store_catalogue(session, catalogue, replace=False)
    assert (summary.created, summary.updated, summary.removed) == (len(catalogue.offers), 0, 0)
    async with session_factory(engine)() as session:
        loaded = await load_catalogue(session)
    # Stored offers carry when they were confirmed: the demo records have no date, so storing confirms them.
    assert all(offer.confirmed_at is not None for offer in loaded.offers)
    unconfirmed = [msgspec.structs.replace(offer, confirmed_at=None) for offer in loaded.offers]
    assert unconfirmed == sorted(catalogue.offers, key=lambda offer: offer.id)
    assert loaded.providers == sorted(catalogue.providers, key=lambda provider: provider.id)


async def test_storing_again_updates_and_replace_removes(engine: AsyncEngine) -> None:
    catalogue = demo_catalogue()
    async with session_factory(engine).begin() as session:
        await store_catalogue(session, catalogue, replace=False)
    changed = msgspec.structs.replace(catalogue.offers[0], titles={"de": "Neu", "en": "New"})
    smaller = Catalogue(providers=catalogue.providers, offers=[changed, *catalogue.offers[1:10]])
    async with session_factory(engine).begin() as session:
        summary = await store_catalogue(session, smaller, replace=False)
        assert (summary.created, summary.updated, summary.removed) == (0, 10, 0)
        assert await offer_count(session) == len(catalogue.offers)
    async with session_factory(engine).begin() as session:
        summary = await store_catalogue(session, smaller, replace=True)
        assert summary.removed == len(catalogue.offers) - 10
    async with session_factory(engine)() as session:
        loaded = await load_catalogue(session)
    assert len(loaded.offers) == 10
    assert next(o for o in loaded.offers if o.id == changed.id).titles == {"de": "Neu", "en": "New"}


async def test_filters_and_pages(engine: AsyncEngine) -> None:
    async with session_factory(engine).begin() as session:
        await store_catalogue(session, demo_catalogue(), replace=False)
    async with session_factory(engine)() as session:
        arabic, total = await offer_page(session, OfferFilter(language="ar"), page=1, per_page=500)
        assert total == len(arabic) > 0
        assert all("ar" in [row.language for row in offer.languages] for offer in arabic)
        rethen_sports, _ = await offer_page(
            session, OfferFilter(field="teilhabe", district="rethen"), page=1, per_page=100
        )
        assert all(o.field == "teilhabe" and o.district == "rethen" for o in rethen_sports)
        first, total = await offer_page(session, OfferFilter(), page=1, per_page=7)
        last, _ = await offer_page(session, OfferFilter(), page=-(-total // 7), per_page=7)
        assert len(first) == 7
        assert 1 <= len(last) <= 7
        assert first[0].id < last[-1].id


async def test_an_amount_with_a_fraction_of_a_cent_stored_again_confirms_nothing(engine: AsyncEngine) -> None:
    """An amount is kept in whole cents; the same record with 12.345 € stored again says nothing new, so the offer's
    confirmation date stays (it was moved to "now" at every import)."""
    catalogue = demo_catalogue()
    first = catalogue.offers[0]
    priced = msgspec.structs.replace(first, cost=msgspec.structs.replace(first.cost, free=False, amount_eur=12.345))
    once = Catalogue(providers=catalogue.providers, offers=[priced])
    async with session_factory(engine).begin() as session:
        await store_catalogue(session, once, replace=False)
    async with session_factory(engine)() as session:
        before = (await load_catalogue(session)).offers[0].confirmed_at
    async with session_factory(engine).begin() as session:
        await store_catalogue(session, once, replace=False)
    async with session_factory(engine)() as session:
        stored = (await load_catalogue(session)).offers[0]
    assert stored.cost.amount_eur == 12.35 or stored.cost.amount_eur == 12.34
    assert stored.confirmed_at == before
    async with session_factory(engine)() as session:  # and an import's report calls it unchanged
        assert (await offer_changes(session, once))[0].startswith("  unchanged")
