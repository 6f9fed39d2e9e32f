"""Who may use the service: staff accounts and their server-side sessions, partner API keys, and the
append-only audit log of what they did.

Nothing here is about the people being counselled. Secrets are never stored: passwords as Argon2 hashes,
session tokens and API keys as SHA-256 digests (they are long random values, so a fast hash suffices).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.types import UTCDateTime


class Role(StrEnum):
    """One role per staff account; each opens its own screens."""

    COUNSELLOR = "counsellor"  # the counselling screen and the counsellor's own plans
    EDITOR = "editor"  # the offer catalogue
    STEERING = "steering"  # the steering group's reports
    ADMIN = "admin"  # accounts, keys and the audit log


class Scope(StrEnum):
    """What a partner API key may do."""

    PLANS = "plans"  # make plans and read its own
    FEEDBACK = "feedback"  # record outcomes for its own plans
    REFERRALS = "referrals"  # refer people from its own plans to offers and follow the referrals
    STEERING = "steering"  # the steering group's aggregate reports (no plan, no profile)


class StaffAccount(Base):
    __tablename__ = "staff_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class StaffSession(Base):
    """A signed-in browser: the cookie holds a random token, the database only its digest."""

    __tablename__ = "staff_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's token
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # "password" (an OpenID Connect sign-in would say "oidc")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ApiKey(Base):
    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the key
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_on: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditEvent(Base):
    """One audited action. Rows are only ever added (and, after the retention time, purged)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_action_target_at", "action", "target", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(80))  # "staff:anna", "key:beratungsnetz", "cli", "service"
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(120))
    detail: Mapped[dict[str, object]] = mapped_column(JSON)
