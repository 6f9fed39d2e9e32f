"""The loop learns: feedback with a preference the cold-start labels lack is recorded through the API,
``lotse train`` runs, and the ranking measured against that preference improves.

The simulated preference: people decline offers more than 5 km from where they live.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import msgspec
import numpy as np
import pytest
from litestar.testing import TestClient

from matcher.distances import distance_matrix
from matcher.engine import rank
from matcher.offer_matrix import DISTRICTS, OfferMatrix
from matcher.ranker import LinearRanker
from matcher.trainer import ranker_of
from models.catalogue import load_catalogue
from models.database import create_engine, session_factory
from models.profile import NeedsProfile
from models.ranking_model import active_model
from seed.consultations import synthetic_profile
from web.app import create_app
from web.cli import main
from web.settings import Settings

FAR_KM = 5.0
PLANS = 80
TOP = 5


def _km(person_district: str, offer_district: str) -> float:
    return float(distance_matrix()[DISTRICTS.index(person_district), DISTRICTS.index(offer_district)])


def _profiles(seed: int, count: int) -> list[NeedsProfile]:
    rng = np.random.default_rng(seed)
    people: list[NeedsProfile] = []
    while len(people) < count:
        person = synthetic_profile(rng)
        # Everyone states a district here, with the outer districts well represented.
        district = ["ingeln-oesselse", "gleidingen", "alt-laatzen", "rethen"][len(people) % 4]
        people.append(msgspec.structs.replace(person, district=district, limit=10))
    return people


async def _served(url: str) -> tuple[OfferMatrix, LinearRanker]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            catalogue = await load_catalogue(session)
            row = await active_model(session)
            assert row is not None
            return OfferMatrix.build(catalogue.offers), ranker_of(row)
    finally:
        await engine.dispose()


def _far_share(matrix: OfferMatrix, ranker: LinearRanker, people: list[NeedsProfile]) -> float:
    far = shown = 0
    for person in people:
        assert person.district is not None
        for row in rank(person, matrix, ranker.scores, date.today(), limit=TOP).rows:
            far += _km(person.district, matrix.offers[row].district) > FAR_KM
            shown += 1
    return far / shown


def test_feedback_teaches_the_model_a_new_preference(
    seeded_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=seeded_database_url, data_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        for person in _profiles(seed=101, count=PLANS):
            plan = client.post("/api/v1/plans", json=msgspec.to_builtins(person)).json()
            for recommendation in plan["recommendations"]:
                offer = recommendation["offer"]
                far = _km(person.district or "", offer["district"]) > FAR_KM
                outcome = "declined" if far else "accepted"
                response = client.post(
                    f"/api/v1/plans/{plan['plan_id']}/feedback", json={"offer_id": offer["id"], "outcome": outcome}
                )
                assert response.status_code == 201

    matrix, before = asyncio.run(_served(seeded_database_url))
    monkeypatch.setenv("LOTSE_DATABASE_URL", seeded_database_url)
    assert main(["train", "--profiles", "800"]) == 0
    _, after = asyncio.run(_served(seeded_database_url))

    assert after.version > before.version, "the retrained model was not promoted"
    held_out = _profiles(seed=202, count=120)
    far_before, far_after = _far_share(matrix, before, held_out), _far_share(matrix, after, held_out)
    print(f"offers more than {FAR_KM:g} km away in the top {TOP}: before {far_before:.3f}, after {far_after:.3f}")
    assert far_after < far_before * 0.8, (far_before, far_after)
