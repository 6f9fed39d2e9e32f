"""Start-up: bring the schema up to date, load the demo catalogue into an empty database, make sure a model serves."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.ranker import ModelWeights, UntrustedModelError
from matcher.trainer import DEFAULT_PROFILES, train
from models.catalogue import offer_count, store_catalogue
from models.database import session_factory, upgrade_schema
from models.ranking_model import active_model
from seed.demo import demo_catalogue

logger = logging.getLogger("lotse.seed")


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
    """The cold start: with offers but no usable model (none yet, or one from an older matcher), train one."""
    sessions = session_factory(engine)
    async with sessions() as session:
        if await offer_count(session) == 0:
            return
        row = await active_model(session)
        if row is not None:
            try:
                ModelWeights.loads(row.skops_file)
                return
            except UntrustedModelError as error:
                logger.warning("the model in service cannot be used (%s); training a new one", error)
    report = await train(sessions, profiles=DEFAULT_PROFILES)
    logger.info("trained the cold-start ranking model, version %d", report.version)
