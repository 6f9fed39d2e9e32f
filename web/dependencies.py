"""Request dependencies: one database session per request from the application's session factory."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from web.matching import MatchingService

DbSession = NamedDependency[AsyncSession]


async def provide_session(state: State) -> AsyncGenerator[AsyncSession, Any]:
    async with state.sessions() as session:
        yield session


async def provide_matching(state: State) -> MatchingService:
    service: MatchingService = state.matching
    return service


Matching = NamedDependency[MatchingService]
