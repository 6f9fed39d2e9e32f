"""The printed plan leaves out what the person turned down or found not suitable (it used to print them as
recommendations, with nothing to show it): the next offer of the same kind takes the place."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from seed.demo import demo_catalogue

Client = TestClient[Litestar]
PROFILE = {"ui": "de", "german_level": "A1", "children_ages": "3", "work": "job_seeking", "housing": "own_flat",
           "plan_language": "de", "limit": "10"}  # fmt: skip


def _cards(page: str) -> list[tuple[str, str, list[str]]]:
    """(offer id, title, titles of its alternatives) of each recommendation on the screen, by rank."""
    cards = []
    for body in page.split('<article class="offer-card')[1:]:
        offer_id = re.search(r'id="title-([^"]+)"', body)
        title = re.search(r'<span class="rank">\d+\.</span> ([^<]+)</h4>', body)
        assert offer_id is not None and title is not None
        alternatives = re.findall(r'<li><a href="/beratung/angebote/[^"?]+\?lang=de">([^<]+)</a>', body)
        cards.append((offer_id[1], html.unescape(title[1]), [html.unescape(a) for a in alternatives]))
    return cards


def _record(client: Client, plan_id: str, offer_id: str, outcome: str) -> None:
    answer = client.post(f"/beratung/plaene/{plan_id}/rueckmeldung", data={"offer_id": offer_id, "outcome": outcome})
    assert answer.status_code == 200


def test_declined_and_unsuitable_offers_are_not_printed(client: Client) -> None:
    answer = client.post(
        "/beratung", data={**PROFILE, "consultation": str(uuid.uuid4())}, headers={"HX-Request": "true"}
    )
    plan_id = answer.headers["HX-Push-Url"].split("/beratung/plaene/")[1].split("?")[0]
    cards = _cards(client.get(f"/beratung/plaene/{plan_id}").text)
    declined = next(card for card in cards if card[2])  # one with an alternative to move up
    unsuitable, accepted = [card for card in cards if card[0] != declined[0]][:2]
    printed = client.get(f"/beratung/plaene/{plan_id}/druck").text
    assert all(html.escape(card[1]) in printed for card in (declined, unsuitable, accepted))

    _record(client, plan_id, declined[0], "declined")
    _record(client, plan_id, unsuitable[0], "not_suitable")
    _record(client, plan_id, accepted[0], "accepted")
    assert "Es wird nicht gedruckt" in client.get(f"/beratung/plaene/{plan_id}").text

    printed = client.get(f"/beratung/plaene/{plan_id}/druck").text
    assert html.escape(declined[1]) not in printed and html.escape(unsuitable[1]) not in printed
    assert html.escape(accepted[1]) in printed
    step = printed.split(html.escape(declined[2][0]))[0].rsplit('<div class="step">', 1)[1]
    assert "<li>" in step and "Auch möglich" not in step  # the alternative is the step's offer now


def _printed_entries(client: Client, profile: dict[str, str]) -> list[tuple[Any, list[str]]]:
    """(offer, its notes) of each recommended offer on the printout of a new plan for ``profile``."""
    answer = client.post(
        "/beratung", data={**profile, "consultation": str(uuid.uuid4())}, headers={"HX-Request": "true"}
    )
    plan_id = answer.headers["HX-Push-Url"].split("/beratung/plaene/")[1].split("?")[0]
    printed = client.get(f"/beratung/plaene/{plan_id}/druck").text
    offers = {offer.titles["de"]: offer for offer in demo_catalogue().offers}
    entries = []
    for item in printed.split('<ul class="offers">')[1:]:
        for entry in item.split("</ul>")[0].split("<li>")[1:]:
            title = html.unescape(re.search(r"<bdi>([^<]+)</bdi></strong>", entry)[1])  # type: ignore[index]
            notes = [html.unescape(note) for note in re.findall(r'<p class="check">([^<]+)</p>', entry)]
            entries.append((offers[title], notes))
    return entries


def test_the_printed_plan_says_when_an_offer_is_full_and_what_to_check(client: Client) -> None:
    """A counsellor's review: the screen said "Currently full" and "Please check: only for women", the printout
    the person takes home said neither."""
    mother = {**PROFILE, "children_ages": "2", "work": "not_seeking", "housing": "municipal_flat", "limit": "20"}
    checked = 0
    for offer, notes in _printed_entries(client, mother):  # no gender stated
        if offer.eligibility.genders:
            checked += 1
            assert any(note.startswith("Bitte Bedingungen prüfen:") for note in notes), offer.id
    full = 0
    # A 12-year-old needs the secondary-school language class, the only one in town, which is full.
    family = {**mother, "children_ages": "2, 12", "gender": "female", "district": "laatzen-mitte"}
    for offer, notes in _printed_entries(client, family):
        if offer.capacity is not None and offer.capacity.available == 0:
            full += 1
            assert "Zurzeit voll: nach der Warteliste fragen" in notes, offer.id
        else:
            assert not any(note.startswith("Zurzeit voll") for note in notes), offer.id
    assert full and checked, (full, checked)


def test_an_alternative_that_takes_a_declined_offers_place_carries_its_notes(client: Client) -> None:
    """A counsellor's second review: with the town's shelter declined, the printout gave the protection flat for
    women in its place without a word about who it is for."""
    homeless = {**PROFILE, "children_ages": "2", "work": "not_seeking", "housing": "homeless"}  # no gender stated
    answer = client.post(
        "/beratung", data={**homeless, "consultation": str(uuid.uuid4())}, headers={"HX-Request": "true"}
    )
    plan_id = answer.headers["HX-Push-Url"].split("/beratung/plaene/")[1].split("?")[0]
    _record(client, plan_id, "notunterkunft-stadt", "declined")
    printed = client.get(f"/beratung/plaene/{plan_id}/druck").text
    title = html.escape("Schutzwohnung für Frauen und ihre Kinder")
    entry = printed.split(f"<bdi>{title}</bdi></strong>")[1].split("</li>")[0]
    notes = [html.unescape(note) for note in re.findall(r'<p class="check">([^<]+)</p>', entry)]
    assert notes == ["Bitte Bedingungen prüfen: nur für Frauen; nur für Menschen, die Gewalt erleben"]
