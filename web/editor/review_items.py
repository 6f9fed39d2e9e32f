"""What the review screen shows of an imported service that waits (``/verwaltung/pruefen``): its name, its
organization, the reasons in words, the addresses of its places and the import's warnings; and whether an
editor can decide it there (only a missing category or district can be chosen on the screen)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.directory import DirectoryEntry, EntryKind, ReviewReason
from models.district import District
from models.taxonomy import CATEGORY_CODES, N_
from seed.hsds.parse import Decision, read_directory
from seed.hsds.review import DECIDABLE

REASON_TEXTS = {
    ReviewReason.NO_CATEGORY: N_("No Lotse category"),
    ReviewReason.NO_DISTRICT: N_("No place in Laatzen found"),
    ReviewReason.NOT_ACTIVE: N_("Not active in the directory"),
    ReviewReason.NO_ORGANIZATION: N_("No organization given"),
    ReviewReason.UNUSABLE: N_("Not readable (see the notes)"),
}


@dataclass(frozen=True, slots=True)
class ReviewItem:
    kind: str
    hsds_id: str
    lotse_id: str
    name: str
    organization: str | None
    reasons: list[ReviewReason]
    addresses: list[str]
    warnings: list[str]
    decidable: bool  # only a category and/or a district is missing
    directory_district: District | None  # the district the directory names (None: the editor must choose)

    @property
    def district_required(self) -> bool:
        return self.directory_district is None


async def waiting_entries(session: AsyncSession) -> list[DirectoryEntry]:
    """The imported services that wait for review, by name."""
    entries = await session.scalars(
        select(DirectoryEntry).where(DirectoryEntry.kind == EntryKind.SERVICE.value).order_by(DirectoryEntry.name)
    )
    return [entry for entry in entries if entry.review]


async def waiting_count(session: AsyncSession) -> int:
    reviews = await session.scalars(select(DirectoryEntry.review).where(DirectoryEntry.kind == EntryKind.SERVICE.value))
    return sum(1 for review in reviews if review)


async def waiting_entry(session: AsyncSession, kind: str, hsds_id: str) -> DirectoryEntry | None:
    """The service named by a form's hidden fields, if it waits for review (anything else is no entry)."""
    if kind != EntryKind.SERVICE.value or not hsds_id or len(hsds_id) > 200 or "\x00" in hsds_id:
        return None  # nothing a column could hold (PostgreSQL refuses NUL in text)
    entry = await session.get(DirectoryEntry, (kind, hsds_id))
    return entry if entry is not None and entry.review else None


def item_of(entry: DirectoryEntry) -> ReviewItem:
    reasons = [ReviewReason(reason) for reason in entry.review if reason in set(ReviewReason)]
    decidable = bool(reasons) and set(reasons) <= DECIDABLE
    document = entry.document if isinstance(entry.document, dict) else {}
    return ReviewItem(
        kind=entry.kind,
        hsds_id=entry.hsds_id,
        lotse_id=entry.lotse_id,
        name=entry.name,
        organization=_organization_name(document),
        reasons=reasons,
        addresses=addresses_of(document),
        warnings=[str(warning) for warning in entry.warnings or []],
        decidable=decidable,
        directory_district=directory_district(entry) if decidable else None,
    )


def directory_district(entry: DirectoryEntry) -> District | None:
    """The district the service's directory names, read as the import reads it; None when it names none."""
    if ReviewReason.NO_DISTRICT.value in entry.review:
        return None
    # With a stand-in decision the service is read through; its district is the directory's, since a
    # decision's district only counts where the directory names none.
    stand_in = Decision(CATEGORY_CODES[0], District.LAATZEN_MITTE)
    try:
        read = read_directory(json.dumps([entry.document]), decisions={entry.lotse_id: stand_in})
    except ValueError:
        return None
    offers = read.catalogue.offers
    return District(offers[0].district) if len(offers) == 1 else None


def addresses_of(document: dict[str, Any]) -> list[str]:
    """The first address of each of the service's locations, as one line each."""
    lines: list[str] = []
    links = document.get("service_at_locations")
    for link in links if isinstance(links, list) else []:
        location = link.get("location") if isinstance(link, dict) else None
        addresses = location.get("addresses") if isinstance(location, dict) else None
        if not isinstance(addresses, list) or not addresses or not isinstance(addresses[0], dict):
            continue
        address = addresses[0]
        parts = [_text(address.get(key)) for key in ("address_1", "address_2")]
        place = " ".join(filter(None, (_text(address.get("postal_code")), _text(address.get("city")))))
        line = ", ".join(filter(None, [*parts, place]))
        if line:
            lines.append(line)
    return lines


def _organization_name(document: dict[str, Any]) -> str | None:
    organization = document.get("organization")
    return _text(organization.get("name")) or None if isinstance(organization, dict) else None


def _text(value: Any) -> str:
    return " ".join(value.split())[:300] if isinstance(value, str) else ""
