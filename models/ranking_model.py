"""Versions of the ranking model, stored in the database so that every replica serves the same one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.types import UTCDateTime


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
