"""Staff accounts: Argon2 password hashes (argon2-cffi), one role each, disabled rather than deleted."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.access import Role, StaffAccount
from web.access.audit import record
from web.access.sessions import end_sessions_of

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
EXAMPLE_PASSWORDS = {"a long passphrase of your own", "a long passphrase here"}  # as printed in the hints
_hasher = PasswordHasher()
# Verifying against this keeps a sign-in for an unknown name as slow as one for a known name.
_DUMMY_HASH = _hasher.hash("lotse-no-such-account")


class AccountError(ValueError):
    """A name, role or password that cannot be used; the message says why."""


def check_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the passphrase must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the passphrase must have at most {MAX_PASSWORD} characters")
    if name.lower() in password.lower():
        raise AccountError("the passphrase must not contain the account name")
    if password.strip().lower() in EXAMPLE_PASSWORDS:
        raise AccountError("that is the example from the instructions; choose a passphrase of your own")


async def add_account(session: AsyncSession, name: str, role: str, password: str, *, actor: str) -> StaffAccount:
    if not NAME.match(name):
        raise AccountError("names are 2–64 lower-case letters, digits, '.', '_' or '-' (no personal names needed)")
    if role not in {r.value for r in Role}:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}")
    check_password(name, password)
    if await session.scalar(select(StaffAccount.id).where(StaffAccount.name == name)) is not None:
        raise AccountError(f"an account named {name!r} exists already")
    account = StaffAccount(
        name=name, role=role, password_hash=_hasher.hash(password), created_at=datetime.now(UTC), disabled_at=None
    )
    session.add(account)
    record(session, actor, "account_added", name, role=role)
    await session.commit()
    return account


async def list_accounts(session: AsyncSession) -> list[StaffAccount]:
    return list(await session.scalars(select(StaffAccount).order_by(StaffAccount.name)))


async def disable_account(session: AsyncSession, name: str, *, actor: str) -> bool:
    """Disable ``name`` and end its sessions; False if there is no such active account."""
    account = await session.scalar(select(StaffAccount).where(StaffAccount.name == name))
    if account is None or account.disabled_at is not None:
        return False
    account.disabled_at = datetime.now(UTC)
    await end_sessions_of(session, account.id)
    record(session, actor, "account_disabled", name)
    await session.commit()
    return True


async def set_password(session: AsyncSession, name: str, password: str, *, actor: str) -> bool:
    """A new password for the account ``name``, ending its sessions (a leaked one signs nobody in any more);
    False if there is no such account."""
    account = await session.scalar(select(StaffAccount).where(StaffAccount.name == name))
    if account is None:
        return False
    check_password(name, password)
    account.password_hash = _hasher.hash(password)
    await end_sessions_of(session, account.id)
    record(session, actor, "account_password_set", name)
    await session.commit()
    return True


async def enable_account(session: AsyncSession, name: str, *, actor: str) -> bool:
    """Enable the disabled account ``name`` again; False if there is no such disabled account."""
    account = await session.scalar(select(StaffAccount).where(StaffAccount.name == name))
    if account is None or account.disabled_at is None:
        return False
    account.disabled_at = None
    record(session, actor, "account_enabled", name)
    await session.commit()
    return True


async def count_accounts(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(StaffAccount.id))) or 0)


async def password_hash_of(session: AsyncSession, name: str) -> str | None:
    """The stored password hash of the account ``name`` (None: no such account)."""
    found: str | None = await session.scalar(select(StaffAccount.password_hash).where(StaffAccount.name == name))
    return found


async def verify_password(session: AsyncSession, name: str, password: str) -> StaffAccount | None:
    """The active account whose password this is, or None (unknown, disabled or wrong: the same answer).
    Argon2 runs in a worker thread, so the event loop keeps serving others meanwhile."""
    account = await session.scalar(select(StaffAccount).where(StaffAccount.name == name))
    stored = account.password_hash if account else _DUMMY_HASH
    try:
        await anyio.to_thread.run_sync(_hasher.verify, stored, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    if account is None or account.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return account
