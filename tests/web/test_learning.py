"""The loop learns what the rules don't say, and learns nothing from feedback without a preference.

Simulated feedback goes through the API, ``lotse train`` runs once, and held-out people's plans are compared
before and after (docs/evaluation.md, "Learning from feedback"):

(a) an offer everyone turns down falls by at least 70 % in the first ten;
(b) parents of a child under 3, who turn down every evening offer, get at least 50 % fewer of them;
(c) everyone else keeps their first ten (without that offer): mean Jaccard at least 0.9;
(d) feedback without a preference (the same acceptance whatever the person and offer) promotes nothing, or
    leaves the first ten with a mean Jaccard of at least 0.95.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import msgspec
import numpy as np
import pytest
from litestar.testing import TestClient

from matcher.engine import rank
from matcher.offer_matrix import OfferMatrix
from matcher.ranker import BoundModel
from matcher.synthetic import synthetic_profile
from matcher.trainer import model_of
from models.catalogue import load_catalogue
from models.database import create_engine, session_factory
from models.offer import OfferRecord
from models.profile import NeedsProfile
from models.ranking_model import active_model
from tests.conftest import add_key, keyed
from web.app import create_app
from web.cli import main
from web.settings import Settings

PLANS = 500
# With a preference to learn: enough plans that the held-out fifth (chosen by the plans' random ids) shows it
# reliably (with 500, one run in about ten held out a fifth whose 95 % interval reached below 0).
TEACHING_PLANS = 1000
HELD_OUT_PEOPLE = 300
TOP = 10
Outcome = Callable[[NeedsProfile, str, np.random.Generator], str]  # person, offer id → outcome


def people(seed: int, count: int) -> list[NeedsProfile]:
    rng = np.random.default_rng(seed)
    return [msgspec.structs.replace(synthetic_profile(rng), limit=TOP, max_per_category=None) for _ in range(count)]


def small_child(person: NeedsProfile) -> bool:
    return any(age < 3 for age in person.children_ages)


def evening(offer: OfferRecord) -> bool:
    weekday = ("saturday", "sunday")
    return any(slot.start >= "17:00" and slot.weekday not in weekday for slot in offer.schedule)


async def _served(url: str) -> tuple[OfferMatrix, BoundModel]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            catalogue = await load_catalogue(session)
            row = await active_model(session)
            assert row is not None
            matrix = OfferMatrix.build(catalogue.offers)
            return matrix, model_of(row, matrix)
    finally:
        await engine.dispose()


def top(person: NeedsProfile, matrix: OfferMatrix, model: BoundModel) -> list[str]:
    return [matrix.offers[row].id for row in rank(person, matrix, model, date.today()).rows]


def simulate(url: str, tmp_path: Path, outcome: Outcome, seed: int, plans: int = PLANS) -> None:
    """``plans`` consultations through the API, each with the person's decision on every recommended offer."""
    rng = np.random.default_rng(seed)
    key = asyncio.run(add_key(url, f"learning-test-{seed}", ["feedback", "plans"]))
    settings = Settings(database_url=url, data_dir=tmp_path, rate_limit_per_minute=100_000)
    with keyed(TestClient(create_app(settings)), {"Authorization": f"Bearer {key}"}) as client:
        for person in people(seed, plans):
            plan = client.post("/api/v1/plans", json=msgspec.to_builtins(person)).json()
            for recommendation in plan["recommendations"]:
                offer_id = recommendation["offer"]["id"]
                answer = client.post(
                    f"/api/v1/plans/{plan['plan_id']}/feedback",
                    json={"offer_id": offer_id, "outcome": outcome(person, offer_id, rng)},
                )
                assert answer.status_code == 201


def jaccard(first: list[str], second: list[str]) -> float:
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 1.0


def without(matrix: OfferMatrix, offer_id: str, model: BoundModel) -> tuple[OfferMatrix, BoundModel]:
    rest = OfferMatrix.build([o for o in matrix.offers if o.id != offer_id])
    return rest, BoundModel.bind(model.weights, rest, model.version)


# The production engine only: the loop is the same on SQLite (test (d) below runs there), and each run takes minutes.
@pytest.mark.parametrize("seeded_database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_feedback_teaches_what_the_rules_do_not_say(
    seeded_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    matrix, before = asyncio.run(_served(seeded_database_url))
    shown = Counter(offer for person in people(101, PLANS) for offer in top(person, matrix, before))
    unwanted = shown.most_common(1)[0][0]
    evening_offers = {o.id for o in matrix.offers if evening(o)}

    def decision(person: NeedsProfile, offer_id: str, rng: np.random.Generator) -> str:
        if offer_id == unwanted or (small_child(person) and offer_id in evening_offers):
            return "declined"
        return "accepted" if rng.random() < 0.8 else "declined"

    simulate(seeded_database_url, tmp_path, decision, seed=101, plans=TEACHING_PLANS)
    monkeypatch.setenv("LOTSE_DATABASE_URL", seeded_database_url)
    assert main(["train"]) == 0
    report = capsys.readouterr().out
    _, after = asyncio.run(_served(seeded_database_url))
    assert after.version > before.version, f"the retrained model was not promoted:\n{report}"

    held_out = people(202, HELD_OUT_PEOPLE)
    unwanted_before = sum(unwanted in top(p, matrix, before) for p in held_out)
    unwanted_after = sum(unwanted in top(p, matrix, after) for p in held_out)
    parents = [p for p in held_out if small_child(p)]
    evening_before = sum(len(evening_offers & set(top(p, matrix, before))) for p in parents)
    evening_after = sum(len(evening_offers & set(top(p, matrix, after))) for p in parents)
    rest_matrix, rest_before = without(matrix, unwanted, before)
    others = [p for p in held_out if not small_child(p)]
    kept = [
        jaccard(top(p, rest_matrix, rest_before), [o for o in top(p, matrix, after) if o != unwanted]) for p in others
    ]
    print(f"\n{report}\n(a) {unwanted} in the first ten: {unwanted_before} → {unwanted_after} of {len(held_out)} people"
          f"\n(b) evening offers for {len(parents)} parents of a child under 3: {evening_before} → {evening_after}"
          f"\n(c) everyone else ({len(others)}): mean Jaccard of the first ten {np.mean(kept):.3f}")  # fmt: skip
    assert unwanted_after <= 0.3 * unwanted_before
    assert evening_after <= 0.5 * evening_before
    assert np.mean(kept) >= 0.9


def test_feedback_without_a_preference_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sqlite_template: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}"
    (tmp_path / "lotse.db").write_bytes(sqlite_template.read_bytes())
    matrix, before = asyncio.run(_served(url))
    simulate(url, tmp_path, lambda person, offer_id, rng: "accepted" if rng.random() < 0.5 else "declined", seed=303)
    monkeypatch.setenv("LOTSE_DATABASE_URL", url)
    assert main(["train"]) == 0
    report = capsys.readouterr().out
    _, after = asyncio.run(_served(url))
    held_out = people(404, HELD_OUT_PEOPLE)
    kept = float(np.mean([jaccard(top(p, matrix, before), top(p, matrix, after)) for p in held_out]))
    print(f"\n{report}\nno preference: promoted {after.version > before.version}, mean Jaccard {kept:.3f}")
    assert after.version == before.version or kept >= 0.95
