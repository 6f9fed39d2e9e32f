"""``/steuerung``: only the steering role opens it; its tables come as CSV with the same small-numbers rule."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient

from tests.conftest import add_staff, https_client, sign_in
from tests.web.steering.plans import plan_row, store_plans, store_referrals
from web.settings import Settings
from web.steering.tables import TABLE_NAMES

MAY = datetime(2025, 5, 20, 8, tzinfo=UTC)
PERIOD = {"from": "2025-05", "to": "2025-05"}


@pytest.fixture
def steering(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    plans = [plan_row("rethen", MAY, unmet=["wohnen.social_housing"]) for _ in range(8)]
    plans += [plan_row("ingeln-oesselse", MAY) for _ in range(3)]
    plans += [plan_row("alt-laatzen", MAY, stored_texts=False) for _ in range(6)]  # reduced: recomputed
    ids = asyncio.run(store_plans(settings.database_url, plans))
    asyncio.run(store_referrals(settings.database_url, ids[:6], "arbeit", "completed", MAY))
    asyncio.run(store_referrals(settings.database_url, ids[6:8], "arbeit", "dropped", MAY))
    asyncio.run(add_staff(settings.database_url, "steuerung-1", "steering"))
    with https_client(settings) as client:
        sign_in(client, "steuerung-1")
        yield client


@pytest.mark.parametrize("role", ["counsellor", "editor", "admin"])
def test_other_roles_cannot_open_the_page(settings: Settings, role: str) -> None:
    asyncio.run(add_staff(settings.database_url, f"{role}-1", role))
    with https_client(settings) as client:
        sign_in(client, f"{role}-1")
        assert client.get("/steuerung").status_code == 403
        assert client.get("/steuerung/needs-by-district.csv").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    answer = anonymous.get("/steuerung?lang=en", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fsteuerung%3Flang%3Den"


def test_steering_staff_land_on_the_report(settings: Settings) -> None:
    asyncio.run(add_staff(settings.database_url, "steuerung-2", "steering"))
    with https_client(settings) as client:
        client.get("/login")
        answer = client.post("/login", data={"username": "steuerung-2", "password": "eine lange Passphrase für Tests",
                                             "_csrf_token": client.cookies["csrftoken"]}, follow_redirects=False)  # fmt: skip
        assert answer.headers["location"] == "/steuerung"


@pytest.mark.parametrize(("lang", "heading"), [("de", "Bericht für die Steuerungsgruppe"),
                                               ("en", "Steering group report")])  # fmt: skip
def test_the_page_shows_charts_tables_and_downloads(steering: TestClient, lang: str, heading: str) -> None:  # type: ignore[type-arg]
    page = steering.get("/steuerung", params={**PERIOD, "lang": lang})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    assert heading in html
    assert html.count('role="img"') == len(TABLE_NAMES)
    assert html.count("<caption") == len(TABLE_NAMES)
    for name in TABLE_NAMES:
        assert f'href="/steuerung/{name}.csv?from=2025-05&amp;to=2025-05&amp;lang={lang}"' in html
    assert "&lt; 5" in html
    assert ("Erlernen der deutschen Sprache" if lang == "de" else "Learning German") in html


def _rows(text: str) -> dict[str, list[str]]:
    assert text.startswith("\ufeff")
    return {row[0]: row[1:] for row in csv.reader(io.StringIO(text[1:]))}


def test_csv_has_the_page_numbers_and_hides_small_ones(steering: TestClient) -> None:  # type: ignore[type-arg]
    answer = steering.get("/steuerung/needs-by-district.csv", params={**PERIOD, "lang": "en"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert "lotse-needs-by-district-2025-05-2025-05.csv" in answer.headers["content-disposition"]
    rows = _rows(answer.text)
    assert rows["Field of action"] == ["Alt-Laatzen", "Laatzen-Mitte", "Grasdorf", "Rethen", "Gleidingen",
                                       "Ingeln-Oesselse", "Not given", "Total"]  # fmt: skip
    # Alt-Laatzen 6, Rethen 8, Ingeln-Oesselse 3 (< 5): the smallest other, Alt-Laatzen, is withheld as well.
    assert rows["All plans"] == ["x", "0", "0", "8", "0", "< 5", "0", "17"]
    assert rows["Economy and work"] == ["x", "0", "0", "8", "0", "< 5", "0", "17"]
    unmet = _rows(steering.get("/steuerung/unmet-by-district.csv", params={**PERIOD, "lang": "en"}).text)
    assert unmet["Social housing and entitlement"][3] == "8"  # Rethen; the Alt-Laatzen plans were recomputed
    outcomes = _rows(steering.get("/steuerung/referral-outcomes.csv", params={**PERIOD, "lang": "en"}).text)
    assert outcomes["Economy and work"] == ["0", "0", "0", "0", "x", "< 5", "8"]
    assert outcomes["Housing and living"] == ["0"] * 7


def test_without_referrals_or_plans_the_page_still_answers(steering: TestClient) -> None:  # type: ignore[type-arg]
    page = steering.get("/steuerung", params={"from": "2024-01", "to": "2024-12", "lang": "en"})
    assert page.status_code == 200
    assert "Plans made in this period: 0." in page.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "May"}, "from", "Please enter a month such as 2026-03."),
        ({"to": "2025-13"}, "to", "Please enter a month such as 2026-03."),
        ({"from": "1999-01"}, "from", "Please choose a month in the years 2000–2999."),
        ({"from": "2025-06", "to": "2025-05"}, "to", "&#39;To&#39; must not be before &#39;From&#39;."),
        ({"from": "2000-01", "to": "2020-12"}, "from", "The period may cover at most 120 months."),
    ],
)
def test_a_bad_period_is_explained_beside_its_field(
    steering: TestClient,  # type: ignore[type-arg]
    params: dict[str, str],
    field: str,
    message: str,
) -> None:
    """One text for every problem, below the form, was all the page said; now the problem, beside the field."""
    page = steering.get("/steuerung", params={**params, "lang": "en"})
    assert page.status_code == 400
    assert f'<span class="field-error" id="error-{field}" role="alert">{message}</span>' in page.text
    assert f'error-{field}" aria-invalid="true"' in page.text
    assert steering.get("/steuerung/needs-by-month.csv", params=params).status_code == 400
    german = steering.get("/steuerung", params={**params, "lang": "de"})
    assert f'id="error-{field}"' in german.text and message not in german.text  # in German


def test_unknown_tables_are_not_found(steering: TestClient) -> None:  # type: ignore[type-arg]
    assert steering.get("/steuerung/plans.csv").status_code == 404
    assert steering.get("/steuerung/needs-by-month.json").status_code == 404
