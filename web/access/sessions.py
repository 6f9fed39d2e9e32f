"""Server-side staff sessions: the cookie carries a random token, the database its SHA-256 digest.

Any sign-in method ends in ``start_session``: the password form today, an OpenID Connect callback tomorrow
(docs/operations.md). A session ends on sign-out, after ``idle`` without a request, after ``MAX_AGE`` in
any case, and when its account is disabled. Every replica reads the same table, so any replica serves it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.access import Role, StaffAccount, StaffSession

HOME = {  # where each role lands after signing in (and where a page its role does not open leads back to)
    Role.COUNSELLOR: "/beratung",
    Role.EDITOR: "/verwaltung/angebote",
    Role.STEERING: "/steuerung",
    Role.ADMIN: "/admin/audit",
}

COOKIE = "lotse_session"
MAX_AGE = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True, slots=True)
class Staff:
    """The signed-in staff member of a request."""

    account_id: int
    name: str
    role: str
    session_id: str

    @property
    def owner(self) -> str:
        return f"staff:{self.account_id}"

    @property
    def actor(self) -> str:
        return f"staff:{self.name}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(session: AsyncSession, account: StaffAccount, method: str) -> str:
    """A new session for ``account``; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session.add(StaffSession(id=digest(token), account_id=account.id, method=method, created_at=now, last_seen_at=now))
    return token


async def staff_of(session: AsyncSession, token: str | None, idle: timedelta) -> Staff | None:
    """The staff member a session token belongs to, if the session is still alive."""
    if not token or len(token) > 128:
        return None
    row = (
        await session.execute(
            select(StaffSession, StaffAccount)
            .join(StaffAccount, StaffAccount.id == StaffSession.account_id)
            .where(StaffSession.id == digest(token))
        )
    ).first()
    if row is None:
        return None
    staff_session, account = row
    now = datetime.now(UTC)
    if (
        account.disabled_at is not None
        or now - staff_session.last_seen_at > idle
        or now - staff_session.created_at > MAX_AGE
    ):
        await session.delete(staff_session)
        await session.commit()
        return None
    if now - staff_session.last_seen_at > TOUCH_EVERY:
        staff_session.last_seen_at = now
        await session.commit()
    return Staff(account.id, account.name, account.role, staff_session.id)


async def end_session(session: AsyncSession, session_id: str) -> None:
    await session.execute(delete(StaffSession).where(StaffSession.id == session_id))


async def end_sessions_of(session: AsyncSession, account_id: int) -> None:
    await session.execute(delete(StaffSession).where(StaffSession.account_id == account_id))


async def end_expired_sessions(session: AsyncSession, idle: timedelta) -> int:
    now = datetime.now(UTC)
    result = await session.execute(
        delete(StaffSession).where((StaffSession.last_seen_at < now - idle) | (StaffSession.created_at < now - MAX_AGE))
    )
    return int(getattr(result, "rowcount", 0) or 0)
