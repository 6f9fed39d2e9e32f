"""The plan answer encoded with each offer's JSON kept: the same bytes as encoding the plan itself."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import msgspec
import numpy as np
import pytest
from litestar.serialization import encode_json

from matcher.synthetic import synthetic_profile
from models.database import create_engine, session_factory
from models.plan import PlanOut
from models.profile import NeedsProfile
from web.api import plan_json as module
from web.api.plan_json import plan_json
from web.language import LANGUAGES
from web.matching import MatchingService
from web.planning import make_plan


async def _plans(url: str, count: int) -> list[PlanOut]:
    engine = create_engine(url)
    try:
        matching = MatchingService(session_factory(engine), 10, 365)
        await matching.refresh()
        rng = np.random.default_rng(7)
        plans = []
        for i in range(count):
            answers = msgspec.to_builtins(synthetic_profile(rng))
            answers["plan_language"] = LANGUAGES[i % len(LANGUAGES)]
            if i % 3 == 0:
                answers["max_per_category"] = 2
            plans.append(await make_plan(msgspec.convert(answers, NeedsProfile), matching, None, "api"))
        return plans
    finally:
        await engine.dispose()


def test_the_bytes_are_those_of_the_plan_itself(sqlite_template: Path, tmp_path: Path) -> None:
    shutil.copy(sqlite_template, tmp_path / "lotse.db")
    plans = asyncio.run(_plans(f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}", 80))
    for plan in plans + plans:  # the second time every offer comes from the kept JSON
        assert plan_json(plan) == encode_json(plan)
    reopened = msgspec.structs.replace(plans[0], removed_offers=["an-offer-that-left"], recommendations=[])
    assert plan_json(reopened) == encode_json(reopened)
    assert b'"removed_offers":["an-offer-that-left"]' in plan_json(reopened)


def test_an_offer_changed_in_its_place_is_encoded_again(sqlite_template: Path, tmp_path: Path) -> None:
    # The kept JSON belongs to one OfferOut object; a new object (a reloaded catalogue) is encoded anew.
    shutil.copy(sqlite_template, tmp_path / "lotse.db")
    plan = asyncio.run(_plans(f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}", 1))[0]
    first = plan.recommendations[0]
    plan_json(plan)
    renamed = msgspec.structs.replace(first.offer, title="Ein neuer Titel")
    changed = msgspec.structs.replace(plan, recommendations=[msgspec.structs.replace(first, offer=renamed)])
    assert b"Ein neuer Titel" in plan_json(changed)
    assert plan_json(changed) == encode_json(changed)


def test_the_kept_json_is_bounded(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(sqlite_template, tmp_path / "lotse.db")
    plan = asyncio.run(_plans(f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}", 1))[0]
    monkeypatch.setattr(module, "_MAX_ENCODED", 5)
    monkeypatch.setattr(module, "_ENCODED", {})
    for _ in range(3):
        for recommendation in plan.recommendations:
            module._offer(msgspec.structs.replace(recommendation.offer))  # a new object each time
            assert len(module._ENCODED) <= 5
    assert plan_json(plan) == encode_json(plan)
