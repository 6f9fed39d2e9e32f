"""Nothing of a needs profile ends up in the logs."""

from __future__ import annotations

import logging

import pytest
from litestar.testing import TestClient


def test_plans_and_errors_log_no_profile_data(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[type-arg]
    caplog.set_level(logging.DEBUG)
    profile = {"german_level": "B2", "children_ages": [13], "work": "self_employed", "housing": "with_relatives",
               "age": 77, "months_in_germany": 987, "health": ["care_for_relative"], "district": "gleidingen"}  # fmt: skip
    assert client.post("/api/v1/plans", json=profile).status_code == 201
    assert client.post("/api/v1/plans", json={**profile, "age": 333}).status_code == 400
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("httpx"))
    for value in ("self_employed", "with_relatives", "987", "care_for_relative", "gleidingen", "333"):
        assert value not in logged


def test_the_kiosk_logs_nothing_about_the_person(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[type-arg]
    caplog.set_level(logging.DEBUG)
    client.get("/kiosk/tr")
    for step, answer in enumerate(["B2", "12-17", "not_permitted", "at_risk", "ingeln-oesselse"]):
        reply = client.post("/kiosk/tr", data={"step": str(step), "answer": answer, "go": "next"})
        assert reply.status_code == 200
    response = client.post("/kiosk/tr", data={"step": "5", "go": "skip"})
    assert response.status_code == 200
    assert "/kiosk/p/" in response.text
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("httpx"))
    for value in ("not_permitted", "at_risk", "ingeln-oesselse", "12-17"):
        assert value not in logged
