"""The catalogue as a whole: providers and offers, checked together and stored in one transaction."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy import Integer, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, selectinload
from sqlalchemy.sql import Select

from models.base import Base
from models.directory import SourceRecord, imported_offers, load_sources, store_sources
from models.offer import OFFER_ID_PATTERN, OfferRecord
from models.offer_rules import offer_problems
from models.offer_table import Offer, OfferLanguage
from models.provider import Provider, ProviderRecord
from models.types import UTCDateTime

SelectT = TypeVar("SelectT", bound=Select[Any])

OFFER_WITH_CHILDREN = (
    selectinload(Offer.provider),
    selectinload(Offer.texts),
    selectinload(Offer.languages),
    selectinload(Offer.schedule),
)


class Catalogue(msgspec.Struct, kw_only=True):
    providers: list[ProviderRecord]
    offers: list[OfferRecord]
    # Imported HSDS documents (kept verbatim for the export) and services to review; empty for seed data.
    sources: list[SourceRecord] = msgspec.field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoreSummary:
    created: int
    updated: int
    removed: int
    to_review: int = 0
    removed_offers: tuple[str, ...] = ()  # the ids, sorted


@dataclass(frozen=True, slots=True)
class OfferFilter:
    field: str | None = None
    category: str | None = None
    district: str | None = None
    language: str | None = None


def catalogue_problems(catalogue: Catalogue, known_provider_ids: set[str] | None = None) -> list[tuple[str, str]]:
    """Rules across records: unique ids, offers naming a provider that exists, plus each offer's own rules.

    Paths are relative to the catalogue, e.g. ``offers[3].eligibility.max_age``.
    """
    problems: list[tuple[str, str]] = []
    provider_ids = {provider.id for provider in catalogue.providers} | (known_provider_ids or set())
    for kind, ids in (
        ("providers", [p.id for p in catalogue.providers]),
        ("offers", [o.id for o in catalogue.offers]),
    ):
        problems += [(kind, f"the id {dup!r} occurs {n} times") for dup, n in Counter(ids).items() if n > 1]
    for i, offer in enumerate(catalogue.offers):
        if offer.provider_id not in provider_ids:
            problems.append((f"offers[{i}].provider_id", f"no provider with the id {offer.provider_id!r}"))
        problems += [(f"offers[{i}].{path}", reason) for path, reason in offer_problems(offer)]
    return problems


async def store_catalogue(session: AsyncSession, catalogue: Catalogue, *, replace: bool) -> StoreSummary:
    """Create or update every provider and offer of ``catalogue``; with ``replace``, remove all others.

    The caller owns the transaction: nothing is committed here.
    """
    for provider_record in catalogue.providers:
        provider = await session.get(Provider, provider_record.id)
        if provider is None:
            session.add(Provider.from_record(provider_record))
        else:
            for name, value in Provider.values_of(provider_record).items():
                setattr(provider, name, value)
    await session.flush()

    wanted = {offer.id for offer in catalogue.offers}
    existing = {offer.id: offer for offer in (await session.scalars(select(Offer).options(*OFFER_WITH_CHILDREN))).all()}
    for record in catalogue.offers:
        if record.id in existing:
            if not _says_nothing_new(existing[record.id], record):
                existing[record.id].fill_from(record)
        else:
            session.add(Offer.from_record(record))
    removed: list[str] = []
    # A service its directory now lists as not usable (inactive, no longer categorised...) is recommended no more:
    # the offer an earlier import made from it, not another offer that happens to have its id.
    withdrawn = await imported_offers(session, catalogue.sources) - wanted
    if replace or withdrawn:
        for offer_id, offer in existing.items():
            if offer_id not in wanted and (replace or offer_id in withdrawn):
                await session.delete(offer)
                removed.append(offer_id)
        await session.flush()
        used = select(Offer.provider_id)
        kept = {provider.id for provider in catalogue.providers}
        await session.execute(delete(Provider).where(Provider.id.not_in(used), Provider.id.not_in(kept)))
    to_review = await store_sources(session, catalogue.sources, replace=replace) if catalogue.sources or replace else 0
    await bump_revision(session)
    await session.flush()
    updated = len(wanted & existing.keys())
    return StoreSummary(created=len(wanted) - updated, updated=updated, removed=len(removed), to_review=to_review,
                        removed_offers=tuple(sorted(removed)))  # fmt: skip


def _says_nothing_new(offer: Offer, record: OfferRecord) -> bool:
    """Whether ``record`` holds what ``offer`` holds, with no confirmation newer than the stored one. Such an offer
    is left as it is, its dates included: a record without dates stands for "now" (confirmed now, changed now),
    which is true of an offer it changes, and was not of the rest (a second ``lotse seed``, or an import of a
    directory without dates, confirmed every offer as of that day and hid every stale offer's flag); and an older
    or same-day date (a directory's ``assured_date``, a re-imported export's date without a time) would have moved
    an editor's later confirmation back."""
    if record.confirmed_at is not None and record.confirmed_at > offer.confirmed_at:
        return False
    stored = msgspec.structs.replace(offer.to_record(), confirmed_at=record.confirmed_at, updated_at=record.updated_at)
    return stored == as_stored(record)


def as_stored(record: OfferRecord) -> OfferRecord:
    """``record`` with its amount in euros as the table keeps it (whole cents), so that an amount with a fraction of
    a cent, stored again, compares equal to what is stored."""
    if record.cost.amount_eur is None:
        return record
    cost = msgspec.structs.replace(record.cost, amount_eur=round(record.cost.amount_eur * 100) / 100)
    return msgspec.structs.replace(record, cost=cost)


async def load_catalogue(session: AsyncSession, *, with_sources: bool = False) -> Catalogue:
    """The whole catalogue in a stable order (providers and offers sorted by id); ``with_sources`` adds the
    imported HSDS documents (for the export and the HSDS API)."""
    providers = (await session.scalars(select(Provider).order_by(Provider.id))).all()
    offers = (await session.scalars(select(Offer).options(*OFFER_WITH_CHILDREN).order_by(Offer.id))).all()
    return Catalogue(
        providers=[provider.to_record() for provider in providers],
        offers=[offer.to_record() for offer in offers],
        sources=await load_sources(session) if with_sources else [],
    )


async def offer_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Offer)) or 0)


async def held_languages(session: AsyncSession) -> list[str]:
    """The languages (ISO 639-1) some offer of the catalogue is held in, sorted."""
    rows = await session.scalars(select(OfferLanguage.language).distinct().order_by(OfferLanguage.language))
    return list(rows)


async def offer_page(
    session: AsyncSession, offer_filter: OfferFilter, *, page: int, per_page: int
) -> tuple[list[Offer], int]:
    """One page of offers matching ``offer_filter`` (ordered by id) and the number of all matches."""
    query = _filtered(select(Offer), offer_filter)
    total = int(await session.scalar(_filtered(select(func.count(Offer.id)), offer_filter)) or 0)
    rows = await session.scalars(
        query.options(*OFFER_WITH_CHILDREN).order_by(Offer.id).offset((page - 1) * per_page).limit(per_page)
    )
    return list(rows.all()), total


OFFER_ID = re.compile(OFFER_ID_PATTERN)


async def get_offer(session: AsyncSession, offer_id: str) -> Offer | None:
    """The offer with ``offer_id``; an id no offer can have is not looked up at all."""
    if not OFFER_ID.match(offer_id):
        return None
    return await session.scalar(select(Offer).options(*OFFER_WITH_CHILDREN).where(Offer.id == offer_id))


def _filtered(query: SelectT, offer_filter: OfferFilter) -> SelectT:
    if offer_filter.field:
        query = query.where(Offer.field == offer_filter.field)
    if offer_filter.category:
        query = query.where(Offer.category == offer_filter.category)
    if offer_filter.district:
        query = query.where(Offer.district == offer_filter.district)
    if offer_filter.language:
        query = query.where(
            Offer.id.in_(select(OfferLanguage.offer_id).where(OfferLanguage.language == offer_filter.language))
        )
    return query


class CatalogueRevision(Base):
    """A counter that goes up with every change of the catalogue, so running services know to reload."""

    __tablename__ = "catalogue_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def catalogue_revision(session: AsyncSession) -> int:
    return int(await session.scalar(select(CatalogueRevision.revision).where(CatalogueRevision.id == 1)) or 0)


async def bump_revision(session: AsyncSession) -> None:
    """Count a change of the catalogue; call it in the transaction of the change, so replicas reload it."""
    row = await session.get(CatalogueRevision, 1)
    now = datetime.now(UTC)
    if row is None:
        session.add(CatalogueRevision(id=1, revision=1, changed_at=now))
    else:
        row.revision += 1
        row.changed_at = now
