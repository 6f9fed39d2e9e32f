"""The append-only audit log: sign-ins, accounts, keys and their use, catalogue edits, outcome changes, purges.

Events name staff accounts and keys, never a person being counselled; ``detail`` holds codes, not profiles.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.access import AuditEvent


def record(session: AsyncSession, actor: str, action: str, target: str, **detail: object) -> None:
    """Add an event to ``session``; it is written with the change it describes (same commit)."""
    session.add(AuditEvent(at=datetime.now(UTC), actor=actor, action=action, target=target[:120], detail=detail))


async def recent_events(session: AsyncSession, *, limit: int = 200, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(await session.scalars(query))
