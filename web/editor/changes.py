"""Changes to offers by editors and providers. Each one is checked with the import's rules, written to the
audit log and counted as a new catalogue revision in the same transaction, so every running service (and
replica) reloads it within ``LOTSE_RELOAD_SECONDS``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.catalogue import OFFER_WITH_CHILDREN, bump_revision
from models.offer import OfferRecord
from models.offer_proposal import Decision, OfferProposal
from models.offer_table import Offer, OfferText
from models.taxonomy import N_
from web.access.audit import record
from web.editor.offer_form import checked

CHANGED_SINCE = N_(
    "Since the provider proposed this, the same values of the offer were changed here. Reject the proposal and "
    "make the correction by hand."
)


class AlreadyDecidedError(RuntimeError):
    """Another request decided the proposal first."""


@dataclass(frozen=True, slots=True)
class OfferQuery:
    """The list's filters; empty values filter nothing."""

    field: str = ""
    category: str = ""
    district: str = ""
    provider: str = ""
    text: str = ""
    stale_only: bool = False


async def find_offers(session: AsyncSession, query: OfferQuery, stale_days: int, *, limit: int = 300) -> list[Offer]:
    statement = select(Offer).options(*OFFER_WITH_CHILDREN)
    for column, value in ((Offer.field, query.field), (Offer.category, query.category),
                          (Offer.district, query.district), (Offer.provider_id, query.provider)):  # fmt: skip
        if value:
            statement = statement.where(column == value)
    if query.text:
        pattern = "%" + query.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        matching_texts = select(OfferText.offer_id).where(
            or_(OfferText.title.ilike(pattern, escape="\\"), OfferText.summary.ilike(pattern, escape="\\"))
        )
        statement = statement.where(or_(Offer.id.in_(matching_texts), Offer.id.ilike(pattern, escape="\\")))
    if query.stale_only:
        statement = statement.where(Offer.confirmed_at < stale_since(stale_days))
    return list(await session.scalars(statement.order_by(Offer.id).limit(limit)))


def stale_since(stale_days: int) -> datetime:
    """Offers confirmed before this moment are stale (the same day boundary as ``models.offer.is_stale``)."""
    start = date.today() - timedelta(days=stale_days)
    return datetime(start.year, start.month, start.day, tzinfo=UTC)


async def save_offer(session: AsyncSession, offer: Offer, changed: OfferRecord, fields: list[str], actor: str) -> None:
    """Store an editor's checked edit; saving the whole form confirms the offer as true."""
    now = datetime.now(UTC)
    offer.fill_from(msgspec.structs.replace(changed, updated_at=now, confirmed_at=now))
    await _commit(session, actor, "offer_edited", offer.id, fields=sorted(fields))


async def set_free_places(session: AsyncSession, offer: Offer, available: int, actor: str) -> dict[str, str]:
    """The quick update of free places (checked like any edit); the problems per field, empty when stored."""
    record_now = offer.to_record()
    maximum = record_now.capacity.maximum if record_now.capacity else None
    changed, errors = checked(record_now, {"capacity": {"available": available, "maximum": maximum}})
    if changed is None:
        return errors
    offer.places_available, offer.places_maximum = available, maximum
    offer.updated_at = datetime.now(UTC)
    await _commit(session, actor, "offer_places_updated", offer.id, available=available)
    return {}


async def confirm_offer(session: AsyncSession, offer: Offer, actor: str) -> None:
    """The offer is still true as it stands: only its date of confirmation changes."""
    offer.confirmed_at = datetime.now(UTC)
    await _commit(session, actor, "offer_confirmed", offer.id)


async def propose(session: AsyncSession, offer: Offer, changes: dict[str, Any]) -> OfferProposal:
    """A provider's checked correction, waiting for an editor; the offer itself does not change."""
    current = msgspec.to_builtins(offer.to_record())
    proposal = OfferProposal(offer_id=offer.id, provider_id=offer.provider_id, proposed=changes,
                             base={key: current.get(key) for key in changes}, created_at=datetime.now(UTC))  # fmt: skip
    session.add(proposal)
    record(session, f"provider:{offer.provider_id}", "offer_change_proposed", offer.id, fields=sorted(changes))
    await session.commit()
    return proposal


async def pending_proposals(session: AsyncSession, provider_id: str | None = None) -> list[OfferProposal]:
    statement = select(OfferProposal).where(OfferProposal.decided_at.is_(None))
    if provider_id is not None:
        statement = statement.where(OfferProposal.provider_id == provider_id)
    return list(await session.scalars(statement.order_by(OfferProposal.created_at, OfferProposal.id)))


async def decide(session: AsyncSession, proposal: OfferProposal, offer: Offer, decision: Decision, actor: str
                 ) -> dict[str, str]:  # fmt: skip
    """Approve (apply to the offer as it is now, checked again) or reject a waiting proposal; the problems
    that keep it from being applied, empty when decided."""
    now = datetime.now(UTC)
    changed: OfferRecord | None = None
    if decision is Decision.APPROVED:
        current = offer.to_record()
        changes, clashes = own_changes(msgspec.to_builtins(current), proposal.base, proposal.proposed)
        if clashes:
            return {"form": CHANGED_SINCE}
        changed, errors = checked(current, changes)
        if changed is None:
            return errors
    detail = {"proposal": proposal.id, "fields": sorted(proposal.proposed)}
    # Decided only if still waiting, in one statement: two editors (or one double click on approve and reject)
    # cannot both decide it; the database lets one of the two statements find it waiting.
    claimed = await session.execute(
        update(OfferProposal)
        .where(OfferProposal.id == proposal.id, OfferProposal.decided_at.is_(None))
        .values(decided_at=now, decision=decision.value, decided_by=actor)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        await session.rollback()
        raise AlreadyDecidedError(detail["proposal"])
    if changed is not None:
        offer.fill_from(msgspec.structs.replace(changed, updated_at=now, confirmed_at=now))
    if decision is Decision.APPROVED:
        await _commit(session, actor, "proposal_approved", offer.id, **detail)
    else:  # the catalogue stays as it is: no new revision
        record(session, actor, "proposal_rejected", offer.id, **detail)
        await session.commit()
    return {}


def own_changes(current: dict[str, Any], base: dict[str, Any] | None, proposed: dict[str, Any]
                ) -> tuple[dict[str, Any], list[str]]:  # fmt: skip
    """What the provider changed (``proposed`` against ``base``), applied to the offer as it is now, and the
    values both the provider and, since, an editor changed (a clash: the editor decides by hand)."""
    if base is None:  # proposed before bases were kept
        return proposed, []
    changes: dict[str, Any] = {}
    clashes: list[str] = []
    for key, new in proposed.items():
        old, now = base.get(key), current.get(key)
        if new == old:
            continue
        if now in (old, new):
            changes[key] = new
        elif isinstance(new, dict) and isinstance(old, dict) and isinstance(now, dict):
            inner, inner_clashes = own_changes(now, old, new)
            changes[key] = now | inner
            clashes += [f"{key}.{name}" for name in inner_clashes]
        else:
            clashes.append(key)
    return changes, clashes


async def _commit(session: AsyncSession, actor: str, action: str, offer_id: str, **detail: object) -> None:
    await bump_revision(session)
    record(session, actor, action, offer_id, **detail)
    await session.commit()
