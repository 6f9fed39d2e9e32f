"""The kiosk's QR link: round trip, tampering, expiry."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from models.plan import Phase, PlanOut, StepOut
from models.taxonomy import FieldOfAction
from web.screens.kiosk_link import read_token, share_token

PLAN = PlanOut(
    plan_id="x", created_at=datetime(2026, 11, 25, tzinfo=UTC), model_version=1, language="ar", needs=[],
    recommendations=[], unmet_needs=[],
    steps=[StepOut(phase=Phase.NOW, field=FieldOfAction.WOHNEN, text="…", offer_ids=["notunterkunft-stadt"]),
           StepOut(phase=Phase.SOON, field=FieldOfAction.ARBEIT, text="…", offer_ids=["praktikumsboerse", "jobcenter-team-migration"])],
)  # fmt: skip
KEY = b"k" * 32


def test_round_trip_carries_only_offers_phases_and_language() -> None:
    token = share_token(PLAN, KEY, date(2026, 11, 25))
    shared = read_token(token, KEY, date(2026, 12, 1))
    assert shared is not None
    assert shared.language == "ar"
    assert shared.steps == [
        ("now", ["notunterkunft-stadt"]),
        ("soon", ["praktikumsboerse", "jobcenter-team-migration"]),
    ]


def test_tampered_foreign_or_old_links_are_refused() -> None:
    token = share_token(PLAN, KEY, date(2026, 11, 25))
    payload, signature = token.split(".")
    assert read_token(payload[:-2] + "AA." + signature, KEY, date(2026, 11, 25)) is None
    assert read_token(token, b"other" * 8, date(2026, 11, 25)) is None
    assert read_token(token, KEY, date(2026, 12, 26)) is None
    assert read_token("garbage", KEY, date(2026, 11, 25)) is None


def test_links_dated_in_the_future_are_refused() -> None:
    token = share_token(PLAN, KEY, date(2027, 3, 1))
    assert read_token(token, KEY, date(2026, 11, 25)) is None
    assert read_token(token, KEY, date(2027, 3, 1)) is not None


def test_a_copied_kiosk_cookie_expires_with_its_own_clock() -> None:
    from litestar import Response
    from litestar.testing import RequestFactory

    from web.screens.kiosk_state import COOKIE, keep_answers, read_answers

    response: Response[str] = Response("")
    keep_answers(response, {"german_level": ["A1"]}, KEY, 100)
    value = response.cookies[0].value
    assert value is not None
    request = RequestFactory().get("/kiosk/de/plan", cookies=f"{COOKIE}={value}")
    assert read_answers(request, KEY) == {"german_level": ["A1"]}
    assert read_answers(request, KEY, now=time.time() + 101) is None
    assert read_answers(request, b"another key" * 3) is None
