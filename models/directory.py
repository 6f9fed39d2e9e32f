"""Imported directory entries: each HSDS service and organization exactly as its directory sent it.

Lotse reads what it models into offers and providers; the entry keeps the whole document, so that every field
Lotse does not model comes back unchanged in the export, and a service Lotse cannot recommend yet (no
category, no place in Laatzen, not active) waits here *to review* until an editor or a mapping decides.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import msgspec
from sqlalchemy import JSON, String, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.types import UTCDateTime


class EntryKind(StrEnum):
    SERVICE = "service"
    ORGANIZATION = "organization"


class ReviewReason(StrEnum):
    """Why an imported service is not recommended yet."""

    NO_CATEGORY = "no_category"  # no Lotse category: map the directory's terms or choose one
    NO_DISTRICT = "no_district"  # no place in Laatzen could be read: choose the district it serves
    NOT_ACTIVE = "not_active"  # the directory lists it as inactive, defunct or temporarily closed
    NO_ORGANIZATION = "no_organization"  # the file names no organization for it
    UNUSABLE = "unusable"  # what Lotse needs could not be read (see the warnings)


class SourceRecord(msgspec.Struct, kw_only=True):
    """One imported HSDS object and what Lotse made of it."""

    kind: EntryKind
    hsds_id: str  # the id in the directory (kept on export)
    lotse_id: str  # the offer's or provider's Lotse id (for a service to review: the id it will get)
    name: str
    document: dict[str, Any]  # verbatim, as the directory sent it
    baseline: dict[str, Any] | None = None  # the Lotse record as read; None while to review
    review: list[ReviewReason] = msgspec.field(default_factory=list)
    warnings: list[str] = msgspec.field(default_factory=list)  # "HSDS path: reason"
    organization_id: str | None = None  # a service's organization (HSDS id), also while to review
    own: bool = False  # a service of a Lotse export (its id derives from its Lotse id)


class DirectoryEntry(Base):
    __tablename__ = "directory_entry"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    hsds_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    lotse_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(300))
    organization_id: Mapped[str | None] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    baseline: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    review: Mapped[list[str]] = mapped_column(JSON)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def fill_from(self, record: SourceRecord) -> None:
        self.lotse_id, self.name, self.organization_id = record.lotse_id, record.name[:300], record.organization_id
        self.document, self.baseline = record.document, record.baseline
        self.review, self.warnings = [reason.value for reason in record.review], record.warnings
        self.imported_at = datetime.now(UTC)

    def to_record(self) -> SourceRecord:
        return SourceRecord(
            kind=EntryKind(self.kind),
            hsds_id=self.hsds_id,
            lotse_id=self.lotse_id,
            name=self.name,
            document=self.document,
            baseline=self.baseline,
            review=[ReviewReason(reason) for reason in self.review],
            warnings=self.warnings,
            organization_id=self.organization_id,
        )


async def store_sources(session: AsyncSession, sources: list[SourceRecord], *, replace: bool) -> int:
    """Create or update the entries; with ``replace``, remove every other. Returns how many are to review."""
    keys = [(source.kind.value, source.hsds_id) for source in sources]
    existing = {(entry.kind, entry.hsds_id): entry for entry in (await session.scalars(select(DirectoryEntry))).all()}
    for source, key in zip(sources, keys, strict=True):
        entry = existing.get(key) or DirectoryEntry(kind=key[0], hsds_id=key[1])
        entry.fill_from(source)
        session.add(entry)
    if replace and existing.keys() - set(keys):
        gone = list(existing.keys() - set(keys))
        await session.execute(
            delete(DirectoryEntry).where(tuple_(DirectoryEntry.kind, DirectoryEntry.hsds_id).in_(gone))
        )
    return sum(1 for source in sources if source.review)


async def imported_offers(session: AsyncSession, sources: list[SourceRecord]) -> set[str]:
    """The offers that an earlier import of the same services made (or an editor's decision on them), among the
    services ``sources`` now lists as to review, and those a Lotse export names as its own: those are withdrawn.
    An offer with the same id that came from anywhere else (made by hand, another directory) is never among them."""
    waiting = {source.hsds_id: source for source in sources if source.review and source.kind == EntryKind.SERVICE}
    if not waiting:
        return set()
    own = {source.lotse_id for source in waiting.values() if source.own}  # a Lotse export speaks for its offers
    made = await offers_made_by_imports(session)
    return own | {
        lotse_id for hsds_id, lotse_id in made if hsds_id in waiting and waiting[hsds_id].lotse_id == lotse_id
    }


async def offers_made_by_imports(session: AsyncSession) -> set[tuple[str, str]]:
    """(HSDS id, Lotse id) of every offer an import (or an editor's decision on an imported service) made: the
    entries that were read into an offer, not those to review."""
    entries = await session.scalars(select(DirectoryEntry).where(DirectoryEntry.kind == EntryKind.SERVICE.value))
    return {(entry.hsds_id, entry.lotse_id) for entry in entries if entry.baseline is not None and not entry.review}


async def taken_ids(session: AsyncSession, sources: list[SourceRecord], offer_ids: set[str]) -> list[SourceRecord]:
    """The usable services of another directory (not a Lotse export) that would overwrite an existing offer in
    ``offer_ids`` that no earlier import of the same service made (made by hand, or from another directory)."""
    usable = [
        s for s in sources if s.kind == EntryKind.SERVICE and not s.review and not s.own and s.lotse_id in offer_ids
    ]
    if not usable:
        return []
    made = await offers_made_by_imports(session)
    return [source for source in usable if (source.hsds_id, source.lotse_id) not in made]


async def load_sources(session: AsyncSession) -> list[SourceRecord]:
    entries = (
        await session.scalars(select(DirectoryEntry).order_by(DirectoryEntry.kind, DirectoryEntry.hsds_id))
    ).all()
    return [entry.to_record() for entry in entries]
