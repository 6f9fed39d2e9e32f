"""Retention (``LOTSE_RETENTION_DAYS``, default 365): what is older goes, by ``lotse purge`` and once a day in
the running service.

- Plans without any recorded outcome or referral are deleted with their items.
- Plans with outcomes are reduced to what training needs: the plan texts and hidden offers are deleted, the
  owner is forgotten, and the needs profile is coarsened (age to a band, months in Germany to a band, plan
  settings to their defaults). The outcomes and referrals themselves (offer, outcome, rank, propensity, source, states) stay.
- Ended staff sessions are deleted; audit events older than the retention time are deleted.
Each run is itself an audit event with its counts.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.access import AuditEvent
from models.feedback import Feedback
from models.plan import Plan
from models.referral import Referral
from web.access.audit import record
from web.access.sessions import end_expired_sessions
from web.outage import database_unavailable

AGE_BANDS = ((18, 16), (27, 22), (45, 35), (65, 55))  # (below, stands for); 65 and over: 70
MONTH_BANDS = ((6, 3), (12, 9), (36, 24), (120, 60))  # (below, stands for); ten years and more: 120
DROPPED = ("plan_language", "limit", "max_per_category")
DAY_SECONDS = 24 * 3600
RETRY_SECONDS = 15 * 60  # after a failed purge (a short outage), not a whole day later
PURGE_LOCK_KEY = 0x4C6F747365 + 1  # beside the migration lock (models/database.py)
logger = logging.getLogger("lotse.retention")


@dataclass(frozen=True, slots=True)
class PurgeSummary:
    plans_deleted: int
    plans_reduced: int
    sessions_ended: int
    audit_events_deleted: int


def _band(value: object, bands: tuple[tuple[int, int], ...], top: int) -> int | None:
    if not isinstance(value, int):
        return None
    return next((stands for below, stands in bands if value < below), top)


def reduced_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile as training keeps it after the retention time."""
    kept = {name: value for name, value in profile.items() if name not in DROPPED}
    if kept.get("age") is not None:
        kept["age"] = _band(kept["age"], AGE_BANDS, 70)
    if kept.get("months_in_germany") is not None:
        kept["months_in_germany"] = _band(kept["months_in_germany"], MONTH_BANDS, 120)
    return kept


async def purge(session: AsyncSession, retention: timedelta, idle: timedelta, now: datetime, actor: str,
                *, dry_run: bool = False) -> PurgeSummary:  # fmt: skip
    cutoff = now - retention
    has_outcome = exists().where(Feedback.plan_id == Plan.id) | exists().where(Referral.plan_id == Plan.id)
    old = (Plan.created_at < cutoff) & Plan.reduced_at.is_(None)
    doomed = list(await session.scalars(select(Plan.id).where(old, ~has_outcome)))
    kept = list(await session.scalars(select(Plan).where(old, has_outcome)))
    audit_old = list(await session.scalars(select(AuditEvent.id).where(AuditEvent.at < cutoff)))
    if dry_run:
        return PurgeSummary(len(doomed), len(kept), 0, len(audit_old))
    for start in range(0, len(doomed), 500):
        await session.execute(delete(Plan).where(Plan.id.in_(doomed[start : start + 500])))
    for plan in kept:
        plan.profile, plan.record, plan.hidden, plan.owner = reduced_profile(plan.profile), None, [], None
        plan.reduced_at = now
    ended = await end_expired_sessions(session, idle)
    await session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    summary = PurgeSummary(len(doomed), len(kept), ended, len(audit_old))
    record(session, actor, "purged", f"older than {cutoff:%Y-%m-%d}", **asdict(summary))
    await session.commit()
    return summary


async def purge_is_due(session: AsyncSession, now: datetime) -> bool:
    """Whether this process should run the day's purge: nobody ran it in the last ``DAY_SECONDS`` less an hour.
    On PostgreSQL the transaction's advisory lock keeps other processes out until this one has committed."""
    if (await session.connection()).dialect.name == "postgresql":
        locked = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": PURGE_LOCK_KEY})
        if not locked:
            return False
    since = now - timedelta(seconds=DAY_SECONDS - 3600)
    done = select(AuditEvent.id).where(AuditEvent.action == "purged", AuditEvent.actor == "service",
                                       AuditEvent.at >= since)  # fmt: skip
    return await session.scalar(done.limit(1)) is None


async def purge_every_day(
    sessions: async_sessionmaker[AsyncSession],
    retention: timedelta,
    idle: timedelta,
    first_after: float,
    retry_after: float = RETRY_SECONDS,
) -> None:
    """The running service's own purge: ``first_after`` seconds after start (a minute, plus up to half a minute
    so that workers started together do not meet), then once a day; after a failure (the database away for a
    moment) again after ``retry_after`` seconds instead of a day later. Every worker process of every replica
    runs this loop, but only one purges each day: one that finds the day's purge done (in the audit log) skips
    it, and on PostgreSQL a lock lets only one look at a time."""
    await asyncio.sleep(first_after + random.uniform(0, min(30.0, first_after / 2)))
    again = f"it is tried again in {retry_after / 60:g} minutes, or run `lotse purge`"
    while True:
        pause: float = DAY_SECONDS
        try:
            async with sessions() as session:
                now = datetime.now(UTC)
                if await purge_is_due(session, now):
                    summary = await purge(session, retention, idle, now, "service")
                    logger.info("retention purge: %s", asdict(summary))
        except (SQLAlchemyError, OSError) as error:
            pause = retry_after
            if database_unavailable(error):  # an outage (web/outage.py logs it once): one line, no traceback
                reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
                logger.warning("retention purge failed (%s); %s", reason, again)
            else:
                logger.exception("retention purge failed; %s", again)
        await asyncio.sleep(pause)
