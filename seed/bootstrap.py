"""First start: bring the schema up to date and load the demo catalogue into an empty database."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from models.catalogue import offer_count, store_catalogue
from models.database import session_factory, upgrade_schema
from seed.demo import demo_catalogue

logger = logging.getLogger("lotse.seed")


async def prepare_database(engine: AsyncEngine, *, seed_if_empty: bool) -> None:
    """Migrate, then (if asked and no offer exists yet) seed the Laatzen demo catalogue."""
    await upgrade_schema(engine)
    if not seed_if_empty:
        return
    try:
        async with session_factory(engine).begin() as session:
            if await offer_count(session) == 0:
                summary = await store_catalogue(session, demo_catalogue(), replace=False)
                logger.info("seeded the demo catalogue with %d offers", summary.created)
    except IntegrityError:
        # Another replica seeded the same empty database at the same moment: its catalogue stands.
        logger.info("the demo catalogue was seeded by another process")
