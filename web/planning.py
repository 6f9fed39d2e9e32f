"""Making and keeping plans: the one code path behind the API, the counselling screen and (later) the kiosk."""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import msgspec
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.engine import rank
from matcher.plan import PlanContext, record_of, render_plan
from models.feedback import Feedback, FeedbackRequest, Outcome
from models.plan import Plan, PlanOut
from models.plan_record import encode_record
from models.profile import NeedsProfile
from web.access.audit import record
from web.i18n import gettext_for
from web.matching import NO_MODEL, MatchingService
from web.plan_writer import INSERT_PLAN, PlanWriter

PLAN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")  # \Z: no line break after it


class NoModelYetError(RuntimeError):
    """The service has no ranking model loaded (nothing trained yet)."""


class OfferNotInPlanError(ValueError):
    """Feedback or hiding names an offer the plan did not recommend."""


async def make_plan(
    profile: NeedsProfile,
    matching: MatchingService,
    store: AsyncSession | PlanWriter | None,
    channel: str,
    language: str | None = None,
    owner: str | None = None,
    consultation: str | None = None,
) -> PlanOut:
    """Rank, explain and phase the offers for ``profile``, in ``language`` (default: the plan language; any
    other language is rendered on demand from the stored record); store the plan in one row unless
    ``store`` is None: in the caller's session, or (the API's way) by the worker's plan writer, with other plans
    of the same moment in one statement (web/plan_writer.py)."""
    state = matching.state
    if state is None:
        raise NoModelYetError(NO_MODEL)
    today = date.today()
    ranking = rank(profile, state.matrix, state.model, today, explore=True, stale_days=matching.stale_days)
    plan_id, created_at = str(uuid.uuid4()), datetime.now(UTC)
    record = record_of(ranking, state.matrix, state.model)
    stored: asyncio.Future[None] | None = None
    if store is not None:
        # One row, one INSERT: no ORM object and unit of work for a row nothing in this request reads again.
        row = {"id": plan_id, "created_at": created_at, "model_version": state.model.version,
               "language": profile.plan_language.value, "channel": channel, "profile": msgspec.to_builtins(profile),
               "record": encode_record(record), "hidden": [], "owner": owner, "consultation": consultation}  # fmt: skip
        if isinstance(store, AsyncSession):
            await store.execute(INSERT_PLAN, row)
            await store.commit()
        else:
            stored = store.submit(row)
            await asyncio.sleep(0)  # the writer sends it; the database stores it while the texts are rendered
    context = _context(matching, plan_id, created_at, language or profile.plan_language.value)
    try:
        plan = render_plan(record, profile, context, state.model.version, (ranking.person, ranking.needs))
    except BaseException:
        if stored is not None:  # the request fails anyway; the write's own outcome is not news to anyone
            stored.add_done_callback(_forget)
        raise
    if stored is not None:
        await stored
    return plan


def _forget(stored: asyncio.Future[None]) -> None:
    if not stored.cancelled():
        stored.exception()


def _context(matching: MatchingService, plan_id: str, created_at: datetime, language: str) -> PlanContext:
    state = matching.state
    assert state is not None
    return PlanContext(plan_id, created_at, language, state.matrix, state.providers, state.model,
                       gettext_for(language), state.offer_cache, matching.stale_days, today=state.day)  # fmt: skip


async def stored_plan(session: AsyncSession, plan_id: str) -> Plan | None:
    """The stored plan (one row); an id that cannot be a plan id is not looked up."""
    if not PLAN_ID.match(plan_id):
        return None
    return await session.get(Plan, plan_id)


def plan_document(plan: Plan, language: str, matching: MatchingService) -> PlanOut | None:
    """The stored plan in ``language``, rendered from its record and today's catalogue: the same offers, order
    and reasons as when it was made, in any language (None for a plan retention reduced, or when no catalogue
    is loaded). A plan kept before records shows its stored texts (in ``language`` if it was shown in it)."""
    record = plan.decoded
    if record is None or (record.legacy is None and not record.needs):  # reduced, or kept without its texts
        return None
    if record.legacy is not None:
        document = record.legacy.get(language) or record.legacy.get(plan.language)
        return None if document is None else msgspec.convert(document, PlanOut)
    if matching.state is None:
        return None
    profile = msgspec.convert(plan.profile, NeedsProfile)
    return render_plan(record, profile, _context(matching, plan.id, plan.created_at, language), plan.model_version)


async def plan_for_same_needs(
    session: AsyncSession, consultation: str, owner: str, profile: NeedsProfile
) -> Plan | None:
    """The consultation's latest plan (by ``owner``) if ``profile`` differs from its profile at most in the
    language of the printed plan, which changes nothing the plan is made of: that plan stays, with its outcomes,
    case reference and referrals, instead of a new one without them. None otherwise."""
    latest = await session.scalar(
        select(Plan).where(Plan.consultation == consultation, Plan.owner == owner, Plan.reduced_at.is_(None))
        .order_by(Plan.created_at.desc()).limit(1)
    )  # fmt: skip
    record = None if latest is None else latest.decoded
    if latest is None or record is None or record.legacy is not None or not record.needs:
        return None  # reduced, or kept before records (its texts exist only in the languages it was shown in)
    try:
        before = msgspec.convert(latest.profile, NeedsProfile)
    except msgspec.ValidationError:  # kept under an older profile format
        return None
    return latest if msgspec.structs.replace(before, plan_language=profile.plan_language) == profile else None


async def set_print_language(session: AsyncSession, plan: Plan, profile: NeedsProfile) -> bool:
    """Store ``profile`` (which differs only in its print language) with ``plan``; False if the plan was reduced
    by the retention purge meanwhile (then a reduced profile must not be overwritten with the full one)."""
    changed = await session.execute(
        update(Plan).where(Plan.id == plan.id, Plan.reduced_at.is_(None))
        .values(language=profile.plan_language.value, profile=msgspec.to_builtins(profile))
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    await session.commit()
    return getattr(changed, "rowcount", 0) == 1


class IdempotencyConflictError(ValueError):
    """An ``Idempotency-Key`` already used by this source for another request."""


@dataclass(frozen=True, slots=True)
class RecordedOutcome:
    """The answer to a feedback request (the same for its retries)."""

    feedback_id: int
    plan_id: str
    offer_id: str
    outcome: str
    rank: int
    created_at: datetime


async def record_feedback(
    session: AsyncSession,
    plan: Plan,
    offer_id: str,
    outcome: Outcome,
    *,
    source: str,
    idempotency_key: str | None = None,
    actor: str | None = None,
) -> RecordedOutcome:
    """Store the current outcome for an offer of ``plan`` with the rank and propensity it had there. A second
    outcome for the same offer replaces the first (both stay in the audit log); a retry with the same
    ``idempotency_key`` gets the first answer and writes nothing, even after a later outcome. Two requests for
    the same offer at once (a double click, a retry sent before the first answer came) both succeed: the one
    that comes second finds what the first stored and answers from it or replaces it."""
    item = next((item for item in plan.items if item.offer_id == offer_id), None)
    if item is None:
        raise OfferNotInPlanError(offer_id)
    stored = _PlanOffer(plan.id, plan.model_version, item.offer_id, item.rank, item.propensity)
    try:
        return await _record(session, stored, outcome, source, idempotency_key, actor or source)
    except IntegrityError:  # the other request stored its row between our look-up and our write
        await session.rollback()  # expires ``plan``: only ``stored`` is read from here on
        return await _record(session, stored, outcome, source, idempotency_key, actor or source)


@dataclass(frozen=True, slots=True)
class _PlanOffer:
    plan_id: str
    model_version: int
    offer_id: str
    rank: int
    propensity: float


async def _record(
    session: AsyncSession, offer: _PlanOffer, outcome: Outcome, source: str, idempotency_key: str | None, actor: str
) -> RecordedOutcome:
    if idempotency_key is not None and (earlier := await _answered(session, source, idempotency_key)) is not None:
        if (earlier.plan_id, earlier.offer_id, earlier.outcome) != (offer.plan_id, offer.offer_id, outcome.value):
            raise IdempotencyConflictError(idempotency_key)
        return _answer(earlier)
    current = await session.scalar(
        select(Feedback).where(Feedback.plan_id == offer.plan_id, Feedback.offer_id == offer.offer_id)
    )
    if current is None:
        current = Feedback(plan_id=offer.plan_id, offer_id=offer.offer_id, rank=offer.rank,
                           model_version=offer.model_version, features=[], propensity=offer.propensity)  # fmt: skip
        session.add(current)
    previous = current.outcome
    current.outcome, current.source, current.created_at = outcome.value, source, datetime.now(UTC)
    record(session, actor, "outcome_recorded", f"{offer.plan_id}/{offer.offer_id}", outcome=outcome.value,
           previous=previous)  # fmt: skip
    await session.flush()
    answer = RecordedOutcome(current.id, offer.plan_id, current.offer_id, current.outcome, current.rank,
                             current.created_at)  # fmt: skip
    if idempotency_key is not None:
        session.add(FeedbackRequest(source=source, idempotency_key=idempotency_key, plan_id=offer.plan_id,
                                    offer_id=offer.offer_id, outcome=outcome.value, feedback_id=answer.feedback_id,
                                    rank=answer.rank, created_at=answer.created_at))  # fmt: skip
    await session.commit()
    return answer


async def _answered(session: AsyncSession, source: str, key: str) -> FeedbackRequest | None:
    return await session.scalar(
        select(FeedbackRequest).where(FeedbackRequest.source == source, FeedbackRequest.idempotency_key == key)
    )


def _answer(request: FeedbackRequest) -> RecordedOutcome:
    return RecordedOutcome(request.feedback_id, request.plan_id, request.offer_id, request.outcome, request.rank,
                           request.created_at)  # fmt: skip


async def set_hidden(session: AsyncSession, plan: Plan, offer_id: str, hidden: bool) -> None:
    """Hide an offer from the plan (or show it again): the counsellor and the person decide."""
    if offer_id not in {item.offer_id for item in plan.items}:
        raise OfferNotInPlanError(offer_id)
    plan.hidden = sorted(set(plan.hidden) - {offer_id} | ({offer_id} if hidden else set()))
    await session.commit()
