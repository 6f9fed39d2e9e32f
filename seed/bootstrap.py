"""First start: bring the schema up to date and load the demo catalogue into an empty database."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.trainer import train
from models.catalogue import offer_count, store_catalogue
from models.database import session_factory, upgrade_schema
from models.ranking_model import active_model_version
from seed.demo import demo_catalogue

logger = logging.getLogger("lotse.seed")
COLD_START_PROFILES = 1000


async def prepare_database(engine: AsyncEngine, *, seed_if_empty: bool) -> None:
    """Migrate; seed the demo catalogue into an empty database (if asked); train a first model if none exists."""
    await upgrade_schema(engine)
    if seed_if_empty:
        await _seed_if_empty(engine)
    await _train_if_no_model(engine)


async def _seed_if_empty(engine: AsyncEngine) -> None:
    try:
        async with session_factory(engine).begin() as session:
            if await offer_count(session) == 0:
                summary = await store_catalogue(session, demo_catalogue(), replace=False)
                logger.info("seeded the demo catalogue with %d offers", summary.created)
    except IntegrityError:
        # Another replica seeded the same empty database at the same moment: its catalogue stands.
        logger.info("the demo catalogue was seeded by another process")


async def _train_if_no_model(engine: AsyncEngine) -> None:
    """The cold start: with offers but no model yet, train one on synthetic consultations."""
    sessions = session_factory(engine)
    async with sessions() as session:
        if await active_model_version(session) is not None or await offer_count(session) == 0:
            return
    report = await train(sessions, profiles=COLD_START_PROFILES)
    logger.info("trained the cold-start ranking model, version %d", report.version)
