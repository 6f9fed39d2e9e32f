"""The matcher as a running service: the catalogue matrix and the ranking model in memory, kept current.

Every ``reload_seconds`` the service asks the database for the catalogue revision and the active model
version; when either changed (an import, or ``lotse train`` in another process or replica), it reloads
without a restart. Requests always see one consistent pair of catalogue and model.

A promoted model whose stored file cannot be loaded is skipped for the newest earlier one that loads, with
one log line per skipped version; while the database cannot be reached the poller logs the outage once
(web/outage.py), not every few seconds.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from matcher.trainer import model_of
from models.catalogue import catalogue_revision, load_catalogue
from models.offer import STALE_DAYS, OfferOut
from models.provider import ProviderOut
from models.ranking_model import active_model_version, newest_loadable
from web.outage import DATABASE, database_unavailable

logger = logging.getLogger("lotse.matching")
# What plans and /ready answer (503) while no ranking model serves.
NO_MODEL = "No ranking model is ready yet; an operator needs to run `lotse train`."


@dataclass(frozen=True, slots=True)
class MatchingState:
    revision: int
    matrix: OfferMatrix
    providers: dict[str, ProviderOut]
    model: BoundModel
    active: int  # the newest promoted version: the model serves it unless it was skipped
    skipped: tuple[int, ...]  # newer promoted versions that could not be loaded
    day: date  # offers turn uncertain with the days: the cache of converted offers lasts one day
    offer_cache: dict[tuple[int, str], OfferOut] = field(default_factory=dict)  # see matcher.plan.PlanContext


class MatchingService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], reload_seconds: float, stale_days: int = STALE_DAYS
    ) -> None:
        self.sessions = sessions
        self.reload_seconds = reload_seconds
        self.stale_days = stale_days
        self.state: MatchingState | None = None
        self.unloadable: dict[int, str] = {}  # version → why it could not be loaded (logged once)

    async def refresh(self) -> None:
        """Reload what changed since the last look (catalogue, model, or both)."""
        today = date.today()
        async with self.sessions() as session:
            revision = await catalogue_revision(session)
            version = await active_model_version(session)
            state = self.state
            if version is None:
                return
            if state is not None and (state.revision, state.active, state.day) == (revision, version, today):
                return
            if state is not None and state.revision == revision:
                matrix, providers = state.matrix, state.providers
            else:
                catalogue = await load_catalogue(session)
                matrix = await asyncio.to_thread(OfferMatrix.build, catalogue.offers)
                providers = {p.id: ProviderOut(id=p.id, name=p.name, kind=p.kind) for p in catalogue.providers}
                logger.info("loaded catalogue revision %d with %d offers", revision, matrix.size)
            if state is not None and state.active == version and state.matrix is matrix:
                model, skipped = state.model, state.skipped
            else:
                loaded = await newest_loadable(session, lambda row: model_of(row, matrix), self.unloadable)
                if loaded[0] is None:
                    self._report_skipped(loaded[2], None)
                    return  # nothing loads: keep serving what was loaded before, if anything
                model, skipped = loaded[0], tuple(version for version, _ in loaded[2])
                self._report_skipped(loaded[2], model.version)
                if state is None or state.model.version != model.version:
                    logger.info("serving ranking model version %d", model.version)
        cache = state.offer_cache if state is not None and state.matrix is matrix and state.day == today else {}
        self.state = MatchingState(revision, matrix, providers, model, version, skipped, today, cache)

    def _report_skipped(self, skipped: list[tuple[int, str]], serving: int | None) -> None:
        """One log line for each version that cannot be loaded, the first time it is met."""
        instead = f"serving version {serving} instead" if serving is not None else "no promoted model can be loaded"
        for version, reason in skipped:
            if version not in self.unloadable:
                self.unloadable[version] = reason
                logger.error("ranking model version %d cannot be loaded (%s): skipped, %s", version, reason, instead)

    async def keep_current(self) -> None:
        """Poll for changes until cancelled; a failed look is logged and tried again next time (an unreachable
        database once per outage)."""
        while True:
            await asyncio.sleep(self.reload_seconds)
            try:
                await self.refresh()
            except Exception as error:
                if database_unavailable(error):
                    DATABASE.failed(error)
                else:
                    logger.exception("could not refresh the catalogue or the ranking model")
            else:
                DATABASE.answered()
