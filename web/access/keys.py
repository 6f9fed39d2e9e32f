"""Partner API keys: ``lotse_`` and 43 random characters, shown once; stored as a SHA-256 digest."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.access import ApiKey, Scope
from web.access.audit import record
from web.access.sessions import digest

PREFIX = "lotse_"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class KeyNameError(ValueError):
    """A key name or scope that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Partner:
    """The partner tool behind a request's API key."""

    key_id: int
    name: str
    scopes: frozenset[str]

    @property
    def owner(self) -> str:
        return f"key:{self.key_id}"

    @property
    def actor(self) -> str:
        return f"key:{self.name}"


def parse_scopes(raw: str) -> list[str]:
    scopes = sorted({part.strip() for part in raw.split(",") if part.strip()})
    known = {s.value for s in Scope}
    unknown = [s for s in scopes if s not in known]
    if unknown or not scopes:
        raise KeyNameError(f"scopes are a comma-separated list of: {', '.join(sorted(known))}")
    return scopes


async def create_key(session: AsyncSession, name: str, scopes: list[str], *, actor: str) -> str:
    """A new key named ``name``; returns the key itself, which is not stored and cannot be shown again."""
    if not NAME.match(name):
        raise KeyNameError("key names are 2–64 lower-case letters, digits, '.', '_' or '-'")
    existing = await session.scalar(select(ApiKey).where(ApiKey.name == name))
    if existing is not None and existing.revoked_at is not None:
        raise KeyNameError(f"a key named {name!r} was revoked; names are not used again, choose another one")
    if existing is not None:
        raise KeyNameError(f"a key named {name!r} exists already (a new secret for it: lotse keys rotate {name})")
    key = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=digest(key), scopes=scopes, created_at=datetime.now(UTC)))
    record(session, actor, "key_created", name, scopes=scopes)
    await session.commit()
    return key


async def list_keys(session: AsyncSession) -> list[ApiKey]:
    return list(await session.scalars(select(ApiKey).order_by(ApiKey.name)))


async def revoke_key(session: AsyncSession, name: str, *, actor: str) -> bool:
    key = await session.scalar(select(ApiKey).where(ApiKey.name == name))
    if key is None or key.revoked_at is not None:
        return False
    key.revoked_at = datetime.now(UTC)
    record(session, actor, "key_revoked", name)
    await session.commit()
    return True


async def rotate_key(session: AsyncSession, name: str, *, actor: str) -> str | None:
    """A new secret for the active key ``name`` (the old one stops working): the partner keeps its plans and
    referrals, which belong to the key, not to its secret. None when there is no such active key."""
    key = await session.scalar(select(ApiKey).where(ApiKey.name == name))
    if key is None or key.revoked_at is not None:
        return None
    secret = PREFIX + secrets.token_urlsafe(32)
    key.key_hash = digest(secret)
    record(session, actor, "key_rotated", name)
    await session.commit()
    return secret


_KEY_BY_HASH = select(ApiKey).where(ApiKey.key_hash == bindparam("key_hash"))  # built once, not per request


async def partner_of(session: AsyncSession, key: str) -> Partner | None:
    """The partner a presented key belongs to, if the key is valid and not revoked. The first use of a key
    on each day is written to the audit log (and ``last_used_on``)."""
    if not key.startswith(PREFIX) or len(key) > 128:
        return None
    row = await session.scalar(_KEY_BY_HASH, {"key_hash": digest(key)})
    if row is None or row.revoked_at is not None:
        return None
    now = datetime.now(UTC)
    if row.last_used_on is None or row.last_used_on.date() != now.date():
        row.last_used_on = now
        record(session, f"key:{row.name}", "key_used", row.name)
        await session.commit()
    return Partner(row.id, row.name, frozenset(row.scopes))
