"""Versions of the ranking model, stored in the database so that every replica serves the same one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TypeVar

from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.types import UTCDateTime

T = TypeVar("T")


class RankingModel(Base):
    """One trained model: its skops file, what it was trained on, and how it measured."""

    __tablename__ = "ranking_model"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    promoted: Mapped[bool] = mapped_column(Boolean, index=True)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sklearn_version: Mapped[str] = mapped_column(String(32))
    feature_names: Mapped[list[str]] = mapped_column(JSON)
    baseline: Mapped[list[float]] = mapped_column(JSON)
    metrics: Mapped[dict[str, object]] = mapped_column(JSON)
    training: Mapped[dict[str, object]] = mapped_column(JSON)
    skops_file: Mapped[bytes] = mapped_column(LargeBinary)


async def active_model(session: AsyncSession) -> RankingModel | None:
    """The model every replica serves: the newest promoted version."""
    query = select(RankingModel).where(RankingModel.promoted.is_(True)).order_by(RankingModel.version.desc()).limit(1)
    return await session.scalar(query)


async def active_model_version(session: AsyncSession) -> int | None:
    query = select(func.max(RankingModel.version)).where(RankingModel.promoted.is_(True))
    version = await session.scalar(query)
    return None if version is None else int(version)


async def promoted_models(session: AsyncSession) -> list[RankingModel]:
    """Every model that was ever promoted, oldest first."""
    query = select(RankingModel).where(RankingModel.promoted.is_(True)).order_by(RankingModel.version)
    return list((await session.scalars(query)).all())


async def promoted_versions(session: AsyncSession) -> list[int]:
    """The versions of every promoted model, newest first."""
    query = select(RankingModel.version).where(RankingModel.promoted.is_(True)).order_by(RankingModel.version.desc())
    return list((await session.scalars(query)).all())


async def newest_loadable(
    session: AsyncSession, load: Callable[[RankingModel], T], known_bad: Mapping[int, str] | None = None
) -> tuple[T | None, int | None, list[tuple[int, str]]]:
    """The newest promoted model that ``load`` accepts, its version, and the newer ones it skipped with the
    reason (versions in ``known_bad`` are skipped without loading them again). ``(None, None, skipped)`` when
    no promoted model loads."""
    known_bad = known_bad or {}
    skipped: list[tuple[int, str]] = []
    for version in await promoted_versions(session):
        if version in known_bad:
            skipped.append((version, known_bad[version]))
            continue
        row = await session.get(RankingModel, version)
        if row is None:
            continue
        try:
            return load(row), version, skipped
        except Exception as error:  # a damaged blob fails in many ways (BadZipFile, skops, numpy, KeyError)
            skipped.append((version, f"{type(error).__name__}: {error}"[:300]))
    return None, None, skipped
