"""Start-up: bring the schema up to date, load the demo catalogue into an empty database, make sure a model serves."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.ranker import ModelWeights
from matcher.trainer import DEFAULT_PROFILES, TrainingReport, train
from models.catalogue import offer_count, store_catalogue
from models.database import session_factory, upgrade_schema
from models.ranking_model import newest_loadable
from models.start_lock import one_at_a_time
from seed.demo import demo_catalogue

logger = logging.getLogger("lotse.seed")


async def prepare_database(engine: AsyncEngine, *, seed_if_empty: bool) -> None:
    """Migrate; seed the demo catalogue into an empty database (if asked); train a first model if none exists.

    One process at a time (models/start_lock.py): a second one waits and finds the database prepared.
    """
    async with engine.connect() as connection, one_at_a_time(connection, "preparation"):
        await upgrade_schema(engine, newer_ok=True)  # an older release rolled back to still starts (with a warning)
        if seed_if_empty:
            await _seed_if_empty(engine)
        await _train_if_no_model(engine)


async def train_if_no_model(engine: AsyncEngine) -> TrainingReport | None:
    """After a catalogue arrived (``lotse import``, ``lotse seed``): the cold-start model if none serves, so that
    plans can be made at once (an import into a new database left every plan answering 503 until someone ran
    ``lotse train``). What the training reported, or None. One process at a time, as at start-up."""
    async with engine.connect() as connection, one_at_a_time(connection, "preparation"):
        return await _train_if_no_model(engine)


async def _seed_if_empty(engine: AsyncEngine) -> None:
    try:
        async with session_factory(engine).begin() as session:
            if await offer_count(session) == 0:
                summary = await store_catalogue(session, demo_catalogue(), replace=False)
                logger.info("seeded the demo catalogue with %d offers", summary.created)
    except IntegrityError:
        # Another replica seeded the same empty database at the same moment: its catalogue stands.
        logger.info("the demo catalogue was seeded by another process")


async def _train_if_no_model(engine: AsyncEngine) -> TrainingReport | None:
    """The cold start: with offers but no usable model (none yet, or none that loads: stored by an older matcher
    or damaged), train one. A newest model that does not load while an earlier one does is skipped by the
    running service (web/matching.py), which logs it."""
    sessions = session_factory(engine)
    async with sessions() as session:
        if await offer_count(session) == 0:
            return None
        loaded, _, skipped = await newest_loadable(session, lambda row: ModelWeights.loads(row.skops_file))
        if loaded is not None:
            return None
        if skipped:
            reasons = "; ".join(f"version {version}: {reason}" for version, reason in skipped)
            logger.warning("no promoted model can be loaded (%s); training a new one", reasons)
    report = await train(sessions, profiles=DEFAULT_PROFILES)
    if report.promoted:
        logger.info("trained the cold-start ranking model, version %d", report.version)
    else:
        logger.warning("the cold-start ranking model (version %d) was not promoted: %s", report.version, report.reason)
    return report


def cold_start_note(report: TrainingReport) -> str:
    """What a command that trained the cold-start model says about it."""
    if report.promoted:
        return (
            f"No ranking model served yet: trained the cold-start model (version {report.version}); plans can be made."
        )
    return (f"No ranking model served yet: the cold-start model (version {report.version}) was not promoted "
            f"({report.reason}); plans answer 503 until `lotse train` promotes one.")  # fmt: skip
