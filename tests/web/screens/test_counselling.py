"""The counselling screen: changing only the language of the printed plan keeps the plan (with the outcomes,
case reference and referrals recorded on it); changing a need makes a new one."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime

from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import update

from models.database import create_engine, session_factory
from models.plan import Plan
from web.settings import Settings

Client = TestClient[Litestar]
PROFILE = {"ui": "de", "german_level": "A1", "children_ages": "3", "work": "job_seeking", "housing": "own_flat",
           "plan_language": "de", "limit": "10"}  # fmt: skip
HTMX = {"HX-Request": "true"}


def _shown(client: Client, form: dict[str, str]) -> str:
    """The plan id the screen shows after ``form`` (the address htmx puts in the address bar)."""
    answer = client.post("/beratung", data=form, headers=HTMX)
    assert answer.status_code == 200, answer.text[:300]
    return answer.headers["HX-Push-Url"].split("/beratung/plaene/")[1].split("?")[0]


def test_a_new_print_language_keeps_the_plan_and_what_was_recorded(client: Client) -> None:
    form = {**PROFILE, "consultation": str(uuid.uuid4())}
    plan_id = _shown(client, form)
    page = client.get(f"/beratung/plaene/{plan_id}").text
    offer = page.split('id="offer-')[1].split('"')[0]
    assert client.post(f"/beratung/plaene/{plan_id}/rueckmeldung", data={"offer_id": offer, "outcome": "accepted"},
                       follow_redirects=False).status_code == 303  # fmt: skip
    assert client.post(f"/beratung/plaene/{plan_id}/fall", data={"case_reference": "F-2611-03"},
                       follow_redirects=False).status_code == 303  # fmt: skip

    answer = client.post("/beratung", data={**form, "plan_language": "ar"}, headers=HTMX)
    assert answer.headers["HX-Push-Url"] == f"/beratung/plaene/{plan_id}?lang=de"  # the same plan
    assert "F-2611-03" in answer.text
    printed = client.get(f"/beratung/plaene/{plan_id}/druck").text
    assert '<html lang="ar" dir="rtl">' in printed
    assert "F-2611-03" in client.get(f"/beratung/plaene/{plan_id}").text

    without_htmx = client.post("/beratung", data={**form, "plan_language": "uk"}, follow_redirects=False)
    assert without_htmx.headers["location"] == f"/beratung/plaene/{plan_id}?lang=de"
    assert '<html lang="uk"' in client.get(f"/beratung/plaene/{plan_id}/druck").text

    assert _shown(client, {**form, "german_level": "B1"}) != plan_id  # another need: another plan


def test_another_consultation_never_reuses_the_plan(client: Client) -> None:
    first = _shown(client, {**PROFILE, "consultation": str(uuid.uuid4())})
    assert _shown(client, {**PROFILE, "consultation": str(uuid.uuid4()), "plan_language": "ar"}) != first


def test_a_reduced_plan_is_never_reused(client: Client, settings: Settings) -> None:
    """A plan the retention purge reduced (or reduces meanwhile) keeps its reduced profile: a new print
    language then makes a new plan instead of writing the full profile back onto it (review finding)."""
    form = {**PROFILE, "consultation": str(uuid.uuid4())}
    plan_id = _shown(client, form)
    asyncio.run(_reduce(settings.database_url, plan_id))
    assert _shown(client, {**form, "plan_language": "ar"}) != plan_id


async def _reduce(url: str, plan_id: str) -> None:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            await session.execute(update(Plan).where(Plan.id == plan_id).values(reduced_at=datetime.now(UTC)))
            await session.commit()
    finally:
        await engine.dispose()


def test_questions_not_yet_answered_are_no_errors_while_the_form_is_filled_in(client: Client) -> None:
    """After the first answer the screen said "Please correct the marked fields" and marked the three questions
    nobody had come to yet (review); "Show plan", or a form sent without htmx, still names every open question."""
    first = {"ui": "de", "german_level": "A1", "children_ages": "", "plan_language": "de", "limit": "10"}
    live = client.post("/beratung", data=first, headers=HTMX)
    assert live.status_code == 200
    assert "Bitte die markierten Felder korrigieren" not in live.text and 'aria-invalid="true"' not in live.text
    assert "Beantworten Sie die vier Fragen" in live.text
    wrong = client.post("/beratung", data=first | {"children_ages": "2, x"}, headers=HTMX)
    assert wrong.status_code == 400 and 'id="error-children_ages"' in wrong.text  # a wrong answer is an error at once
    assert '<p class="field-error" id="error-work" hx-swap-oob="true"></p>' in wrong.text  # still open: no error
    for explicit in (client.post("/beratung", data=first | {"go": "plan"}, headers=HTMX),
                     client.post("/beratung", data=first, follow_redirects=False)):  # fmt: skip
        assert explicit.status_code == 400
        assert "Bitte die markierten Felder korrigieren" in explicit.text
        for field in ("work", "housing"):
            assert re.search(rf'id="error-{field}"[^>]*><span aria-hidden="true">⚠ </span>Bitte eine Antwort auswählen',
                             explicit.text), field  # fmt: skip
