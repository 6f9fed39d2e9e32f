"""A stored plan is one small record, and reopening it renders the same offers, order and reasons in any
language (issue 12, "Storage that stays small")."""

from __future__ import annotations

import asyncio
import html
from typing import Any

import msgspec
import numpy as np
from litestar import Litestar
from litestar.testing import TestClient

from matcher.features import BASE_FEATURES
from matcher.synthetic import synthetic_profile
from models.database import create_engine, session_factory
from models.plan import Plan
from models.plan_record import decode_record
from tests.web.test_plans_api import PROFILE

Client = TestClient[Litestar]
MAX_RECORD_BYTES = 3 * 1024


async def _records(url: str, plan_ids: list[str]) -> list[Plan]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return [plan for plan_id in plan_ids if (plan := await session.get(Plan, plan_id)) is not None]
    finally:
        await engine.dispose()


def _shown(plan: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What must not change between making and reopening: offers, order, scores, reasons and alternatives."""
    return [
        (r["rank"], r["offer"]["id"], r["score"], [(x["code"], x["weight"]) for x in r["reasons"]],
         [(a["offer"]["id"], a["score"]) for a in r["alternatives"]])
        for r in plan["recommendations"]
    ]  # fmt: skip


def test_a_stored_plan_is_one_record_of_at_most_3_kb(client: Client, settings: Any) -> None:
    rng = np.random.default_rng(12)
    bodies = [{**PROFILE, "plan_language": "en", "district": "rethen"}]
    bodies += [msgspec_profile(synthetic_profile(rng)) for _ in range(40)]
    made = [client.post("/api/v1/plans", json=body) for body in bodies]
    assert all(answer.status_code == 201 for answer in made)
    plans = asyncio.run(_records(settings.database_url, [answer.json()["plan_id"] for answer in made]))
    assert len(plans) == len(bodies)
    for plan, answer in zip(plans, made, strict=True):
        assert plan.record is not None and len(plan.record) <= MAX_RECORD_BYTES, len(plan.record or b"")
        record = decode_record(plan.record)
        assert record.legacy is None, "no rendered texts are stored"
        assert [r.offer for r in record.recommendations] == [r["offer"]["id"] for r in answer.json()["recommendations"]]
        assert all(len(r.features) == 4 * (len(BASE_FEATURES) + 1) for r in record.recommendations), "and distance"


def msgspec_profile(profile: Any) -> dict[str, Any]:
    body: dict[str, Any] = msgspec.to_builtins(profile)
    return body


def test_reopening_renders_the_same_plan_in_another_language(client: Client) -> None:
    body = {**PROFILE, "plan_language": "de", "district": "rethen", "languages": ["ar"], "priorities": ["arbeit"]}
    made = client.post("/api/v1/plans", json=body).json()
    again = client.get(f"/api/v1/plans/{made['plan_id']}").json()
    assert again == made, "read again in its own language, the plan is the one that was answered"
    english = client.get(f"/api/v1/plans/{made['plan_id']}", params={"language": "en"}).json()
    assert english["language"] == "en" and english["plan_id"] == made["plan_id"]
    assert _shown(english) == _shown(made)
    assert [(s["phase"], s["field"], s["offer_ids"]) for s in english["steps"]] == [
        (s["phase"], s["field"], s["offer_ids"]) for s in made["steps"]
    ]
    assert [n["score"] for n in english["needs"]] == [n["score"] for n in made["needs"]]
    german_texts = [x["text"] for r in made["recommendations"] for x in r["reasons"]]
    english_texts = [x["text"] for r in english["recommendations"] for x in r["reasons"]]
    assert german_texts != english_texts and all(english_texts)
    assert client.get(f"/api/v1/plans/{made['plan_id']}", params={"language": "xx"}).status_code == 400


def test_the_counselling_screen_reopens_and_prints_in_another_language(client: Client) -> None:
    made = client.post("/api/v1/plans", json={**PROFILE, "plan_language": "en"}).json()
    page = client.post("/beratung", data={"ui": "de", "german_level": "A1", "work": "job_seeking",
                                          "housing": "shared_accommodation", "plan_language": "en",
                                          "children_ages": "2, 7"},
                       follow_redirects=False)  # fmt: skip
    assert page.status_code == 303, page.text
    address = page.headers["location"]
    german, english = client.get(address), client.get(address.replace("lang=de", "lang=en"))
    assert german.status_code == english.status_code == 200
    titles = [html.escape(r["offer"]["title"], quote=False) for r in made["recommendations"]]
    assert all(title in english.text for title in titles[:3]), "the English page shows the English titles"
    printed = client.get(address.split("?")[0] + "/druck")
    assert printed.status_code == 200 and titles[0] in printed.text, "printed in the plan language (English)"


def test_reopening_takes_lang_like_every_other_endpoint(client: Client) -> None:
    """docs/api.md's conventions ask for a language with ``?lang=``; this endpoint took only ``?language=`` and
    answered ``?lang=ar`` and ``?lang=zz`` in the plan's own language without a word (a newcomer's run)."""
    made = client.post("/api/v1/plans", json={**PROFILE, "plan_language": "de"}).json()
    path = f"/api/v1/plans/{made['plan_id']}"
    by_lang = client.get(path, params={"lang": "ar"})
    assert by_lang.status_code == 200 and by_lang.json() == client.get(path, params={"language": "ar"}).json()
    assert by_lang.json()["language"] == "ar"
    unknown = client.get(path, params={"lang": "zz"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "lang"
    both = client.get(path, params={"lang": "ar", "language": "en"})
    assert both.status_code == 400 and both.json()["errors"][0]["field"] == "lang"
    assert client.get(path, params={"lang": "en", "language": "en"}).json()["language"] == "en"
