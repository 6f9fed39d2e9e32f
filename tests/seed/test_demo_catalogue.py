"""The Laatzen demo catalogue meets what the platform issue asks of it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from models.catalogue import Catalogue
from models.district import District
from models.offer import Weekday
from models.taxonomy import CATEGORY_CODES, FieldOfAction
from seed.demo import demo_catalogue

LANGUAGE_CATEGORIES = {
    "bildung_sprache.integration_course",
    "bildung_sprache.language_course_childcare",
    "bildung_sprache.literacy_course",
    "bildung_sprache.language_cafe",
    "bildung_sprache.school_language_class",
    "arbeit.job_language_course",
}
COMMUNITY_LANGUAGES = {"ar", "fa", "ku", "tr", "uk", "ru", "pl", "ro", "en"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return demo_catalogue()


def test_at_least_150_offers(catalogue: Catalogue) -> None:
    assert len(catalogue.offers) >= 150


def test_every_category_has_at_least_two_offers(catalogue: Catalogue) -> None:
    counts = Counter(offer.category for offer in catalogue.offers)
    assert {code: counts[code] for code in CATEGORY_CODES if counts[code] < 2} == {}


def test_every_field_and_district_has_offers(catalogue: Catalogue) -> None:
    assert {offer.category.split(".")[0] for offer in catalogue.offers} == {f.value for f in FieldOfAction}
    assert {offer.district for offer in catalogue.offers} == set(District)


def test_a_fifth_of_language_offers_have_childcare(catalogue: Catalogue) -> None:
    language_offers = [offer for offer in catalogue.offers if offer.category in LANGUAGE_CATEGORIES]
    assert sum(offer.childcare for offer in language_offers) >= 0.2 * len(language_offers)


def test_the_catalogue_has_the_variety_counsellors_meet(catalogue: Catalogue) -> None:
    offers = catalogue.offers
    assert sum(offer.eligibility.genders == ["female"] for offer in offers) >= 5
    assert sum(offer.eligibility.max_age is not None and offer.eligibility.max_age <= 27 for offer in offers) >= 5
    assert sum(not offer.cost.free for offer in offers) >= 5
    assert sum(offer.capacity is not None and offer.capacity.available == 0 for offer in offers) >= 3
    assert sum(offer.eligibility.requires_child_age is not None for offer in offers) >= 10
    assert sum(bool(offer.eligibility.residence_statuses) for offer in offers) >= 5


def test_offers_are_held_in_the_community_languages(catalogue: Catalogue) -> None:
    spoken = Counter(code for offer in catalogue.offers for code in offer.languages)
    assert {code for code in COMMUNITY_LANGUAGES if spoken[code] < 3} == set()


def test_schedules_vary(catalogue: Catalogue) -> None:
    slots = [slot for offer in catalogue.offers for slot in offer.schedule]
    assert sum(slot.start < "12:00" for slot in slots) >= 20
    assert sum(slot.start >= "17:00" for slot in slots) >= 20
    assert sum(slot.weekday in (Weekday.SATURDAY, Weekday.SUNDAY) for slot in slots) >= 10
    assert sum(offer.by_appointment for offer in catalogue.offers) >= 10


def test_contact_details_are_plainly_fictional(catalogue: Catalogue) -> None:
    contacts = [p.contact for p in catalogue.providers] + [o.contact for o in catalogue.offers]
    for contact in contacts:
        assert contact.email is None or contact.email.endswith(".example")
        assert contact.url is None or re.match(r"^https://[a-z0-9.-]+\.example(/|$)", contact.url)
        assert contact.phone is None or contact.phone.startswith("+49 5102 0000-")
    assert all("(Demo)" in provider.name for provider in catalogue.providers)


def test_every_offer_has_german_and_english_texts(catalogue: Catalogue) -> None:
    for offer in catalogue.offers:
        assert offer.titles.keys() >= {"de", "en"}
        assert offer.summaries.keys() >= {"de", "en"}
