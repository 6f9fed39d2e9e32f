"""``POST /api/v1/plans`` and feedback over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import select

from models.database import create_engine, session_factory
from models.feedback import Feedback
from models.plan import Plan
from web.settings import Settings

PROFILE: dict[str, Any] = {
    "german_level": "A1",
    "children_ages": [2, 7],
    "work": "job_seeking",
    "housing": "shared_accommodation",
}
Client = TestClient[Litestar]


def test_a_plan_answers_the_contract(client: Client) -> None:
    response = client.post("/api/v1/plans", json={**PROFILE, "plan_language": "en", "district": "rethen"})
    assert response.status_code == 201
    plan = response.json()
    assert set(plan) == {
        "plan_id",
        "created_at",
        "model_version",
        "language",
        "needs",
        "recommendations",
        "steps",
        "unmet_needs",
    }
    assert plan["language"] == "en"
    assert plan["model_version"] >= 1
    assert [n["score"] for n in plan["needs"]] == sorted((n["score"] for n in plan["needs"]), reverse=True)
    assert {n["field"] for n in plan["needs"]} == {
        "willkommen", "wohnen", "bildung_sprache", "arbeit", "gesundheit", "teilhabe", "interkulturell", "vernetzung"
    }  # fmt: skip
    assert len(plan["recommendations"]) == 10
    first = plan["recommendations"][0]
    assert set(first) == {"rank", "score", "offer", "reasons", "alternatives"}
    categories = [r["offer"]["category"] for r in plan["recommendations"]]
    assert len(set(categories)) == len(categories), "one offer per kind of help"
    for recommendation in plan["recommendations"]:
        for alternative in recommendation["alternatives"]:
            assert set(alternative) == {"score", "offer"}
            assert alternative["offer"]["category"] == recommendation["offer"]["category"]
    assert first["offer"] == client.get(f"/api/v1/offers/{first['offer']['id']}", params={"lang": "en"}).json()
    assert all({"code", "text", "weight"} == set(reason) for r in plan["recommendations"] for reason in r["reasons"])
    assert {step["phase"] for step in plan["steps"]} <= {"now", "soon", "later"}
    assert all(set(step) == {"phase", "field", "text", "offer_ids"} for step in plan["steps"])
    assert isinstance(plan["unmet_needs"], list)


def test_limit_and_language_are_honoured(client: Client) -> None:
    plan = client.post("/api/v1/plans", json={**PROFILE, "limit": 3, "plan_language": "uk"}).json()
    assert len(plan["recommendations"]) == 3
    assert plan["language"] == "uk"
    assert any("\u0400" <= ch <= "\u04ff" for ch in plan["steps"][0]["text"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"german_level": "D1"}, "german_level"),
        ({"work": "astronaut"}, "work"),
        ({"housing": 3}, "housing"),
        ({"children_ages": [3, 18]}, "children_ages[1]"),
        ({"children_ages": "two"}, "children_ages"),
        ({"age": 121}, "age"),
        ({"age": "thirty"}, "age"),
        ({"gender": "unknown"}, "gender"),
        ({"residence_status": "citizen"}, "residence_status"),
        ({"months_in_germany": -1}, "months_in_germany"),
        ({"district": "hannover"}, "district"),
        ({"languages": ["arabic"]}, "languages[0]"),
        ({"qualification": "phd"}, "qualification"),
        ({"foreign_qualification": "yes"}, "foreign_qualification"),
        ({"health": ["flu"]}, "health[0]"),
        ({"availability": ["nights"]}, "availability[0]"),
        ({"priorities": ["sport"]}, "priorities[0]"),
        ({"literacy": "some"}, "literacy"),
        ({"unaccompanied_minor": "yes"}, "unaccompanied_minor"),
        ({"max_per_category": 0}, "max_per_category"),
        ({"plan_language": "fr"}, "plan_language"),
        ({"limit": 0}, "limit"),
        ({"limit": 31}, "limit"),
        ({"shoe_size": 42}, "shoe_size"),
        ({"name": "Amira"}, "name"),
        ({"birth_date": "1990-01-01"}, "birth_date"),
        ({"nationality": "SY"}, "nationality"),
        ({"religion": "any"}, "religion"),
    ],
)
def test_bad_profiles_get_a_400_naming_the_field(client: Client, change: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/plans", json={**PROFILE, **change})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.parametrize("missing", ["german_level", "children_ages", "work", "housing"])
def test_required_fields(client: Client, missing: str) -> None:
    body = {key: value for key, value in PROFILE.items() if key != missing}
    response = client.post("/api/v1/plans", json=body)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["message"], error["source"]) == (missing, "is required", "body")
    assert ("allowed" in error) == (missing != "children_ages")  # enumerations name their values


def test_personal_data_is_refused_with_an_explanation(client: Client) -> None:
    error = client.post("/api/v1/plans", json={**PROFILE, "name": "Amira"}).json()["errors"][0]
    assert "personal data" in error["message"]


def test_malformed_json_is_a_400_problem(client: Client) -> None:
    response = client.post("/api/v1/plans", content=b"{german_level", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_feedback_is_stored_with_rank_and_propensity(client: Client, settings: Settings) -> None:
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    third = plan["recommendations"][2]["offer"]["id"]
    response = client.post(f"/api/v1/plans/{plan['plan_id']}/feedback", json={"offer_id": third, "outcome": "declined"})
    assert response.status_code == 201
    assert response.json()["rank"] == 3
    stored = asyncio.run(_stored(settings.database_url, plan["plan_id"]))
    assert stored["profile"]["german_level"] == "A1"
    assert stored["feedback"] == [(third, "declined", 3, stored["propensities"][third])]
    recommended = {r["offer"]["id"] for r in plan["recommendations"]}
    assert all(0 < p <= 1 for offer, p in stored["propensities"].items() if offer in recommended)
    assert all(p == 0 for offer, p in stored["propensities"].items() if offer not in recommended)
    alternative = next(a["offer"]["id"] for r in plan["recommendations"] for a in r["alternatives"])
    chosen = client.post(
        f"/api/v1/plans/{plan['plan_id']}/feedback", json={"offer_id": alternative, "outcome": "accepted"}
    )
    assert chosen.status_code == 201, "an alternative the person chose can be recorded too"


async def _stored(url: str, plan_id: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            plan = await session.get(Plan, plan_id)
            rows = (await session.scalars(select(Feedback).where(Feedback.plan_id == plan_id))).all()
            assert plan is not None
            return {
                "profile": plan.profile,
                "feedback": [(r.offer_id, r.outcome, r.rank, r.propensity) for r in rows],
                "propensities": {item.offer_id: item.propensity for item in plan.items},
            }
    finally:
        await engine.dispose()


def test_feedback_errors(client: Client) -> None:
    plan = client.post("/api/v1/plans", json=PROFILE).json()
    url = f"/api/v1/plans/{plan['plan_id']}/feedback"
    shown = plan["recommendations"][0]["offer"]["id"]
    not_shown = client.post(url, json={"offer_id": "hsu-polnisch-nope", "outcome": "accepted"})
    assert not_shown.status_code == 400
    assert not_shown.json()["errors"][0]["field"] == "offer_id"
    bad_outcome = client.post(url, json={"offer_id": shown, "outcome": "maybe"})
    assert bad_outcome.json()["errors"][0]["field"] == "outcome"
    unknown_plan = client.post(
        "/api/v1/plans/00000000-0000-4000-8000-000000000000/feedback", json={"offer_id": shown, "outcome": "accepted"}
    )
    assert unknown_plan.status_code == 404
    junk_plan = client.post("/api/v1/plans/%00nope/feedback", json={"offer_id": shown, "outcome": "accepted"})
    assert junk_plan.status_code == 404
    for outcome in ("accepted", "completed", "not_suitable"):
        assert client.post(url, json={"offer_id": shown, "outcome": outcome}).status_code == 201


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.text(max_size=12)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    changes=st.dictionaries(
        st.sampled_from([*PROFILE, "age", "district", "languages", "limit", "health", "x"]), json_values, max_size=3
    )
)
def test_no_profile_gets_a_500(client: Client, changes: dict[str, Any]) -> None:
    response = client.post("/api/v1/plans", json={**PROFILE, **changes})
    assert response.status_code in (201, 400)
