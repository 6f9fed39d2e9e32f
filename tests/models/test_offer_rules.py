"""Each rule of an offer record, as a table of broken records and the path the problem names."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import msgspec
import pytest

from models.catalogue import Catalogue, catalogue_problems
from models.offer import OfferRecord
from models.offer_rules import offer_problems
from models.provider import ProviderRecord

SOUND: dict[str, Any] = {
    "id": "sprachcafe-test",
    "provider_id": "verein",
    "category": "bildung_sprache.language_cafe",
    "titles": {"de": "Sprachcafé", "en": "Language café"},
    "summaries": {"de": "Deutsch üben.", "en": "Practise German."},
    "district": "rethen",
    "address": "Hildesheimer Straße 1, 30880 Laatzen",
    "location": {"lat": 52.28, "lon": 9.82},
    "languages": ["de", "ar"],
    "schedule": [{"weekday": "monday", "start": "10:00", "end": "12:00"}],
    "updated_at": "2026-10-01T08:00:00+00:00",
}


def record(**changes: Any) -> OfferRecord:
    return msgspec.convert({**SOUND, **changes}, OfferRecord)


def test_a_sound_record_has_no_problem() -> None:
    assert offer_problems(record()) == []


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"category": "bildung_sprache.nonsense"}, "category"),
        ({"category": "wohnen"}, "category"),
        ({"titles": {"de": "Nur Deutsch"}}, "titles.en"),
        ({"titles": {"de": "Kurs", "en": "Course", "ar": ""}}, "titles.ar"),  # imported as a blank title
        ({"titles": {"de": "\u200b", "en": "Course"}}, "titles.de"),  # a zero-width space: nothing to see
        ({"summaries": {"de": " \u2060 ", "en": "y"}}, "summaries.de"),
        ({"summaries": {"de": "x", "en": "y", "fr": "z"}}, "summaries.fr"),
        ({"languages": []}, "languages"),
        ({"languages": ["de", "xx"]}, "languages[1]"),
        ({"cost": {"free": False}}, "cost.amount_eur"),
        ({"cost": {"free": True, "amount_eur": 5.0}}, "cost.amount_eur"),
        ({"schedule": []}, "schedule"),
        ({"schedule": [{"weekday": "friday", "start": "12:00", "end": "10:00"}]}, "schedule[0]"),
        ({"capacity": {"available": 12, "maximum": 10}}, "capacity.available"),
        ({"valid_from": "2026-10-01", "valid_to": "2026-09-01"}, "valid_to"),
        ({"eligibility": {"min_age": 30, "max_age": 20}}, "eligibility.max_age"),
        ({"eligibility": {"german_level_min": "B2", "german_level_max": "A1"}}, "eligibility.german_level_max"),
        ({"eligibility": {"requires_child_age": [6, 3]}}, "eligibility.requires_child_age"),
        ({"eligibility": {"genders": ["female", "female"]}}, "eligibility.genders"),
    ],
)
def test_a_broken_record_names_the_field(changes: dict[str, Any], path: str) -> None:
    assert path in [where for where, _ in offer_problems(record(**changes))]
    if path.startswith(("titles.", "summaries.")) and path != "titles.en":  # also in an imported record
        assert path in [where for where, _ in offer_problems(record(**changes), imported=True)]


@pytest.mark.parametrize(
    "changes",
    [
        {"eligibility": {"min_age": 130}},
        {"eligibility": {"min_age": -1}},
        {"eligibility": {"genders": ["unknown"]}},
        {"eligibility": {"residence_statuses": ["citizen"]}},
        {"eligibility": {"german_level_min": "D1"}},
        {"eligibility": {"requires_child_age": [0, 18]}},
        {"eligibility": {"shoe_size": 42}},
        {"district": "hannover"},
        {"schedule": [{"weekday": "someday", "start": "10:00", "end": "11:00"}]},
        {"schedule": [{"weekday": "monday", "start": "25:00", "end": "26:00"}]},
        {"location": {"lat": 95.0, "lon": 9.8}},
        {"id": "Has Spaces"},
    ],
)
def test_impossible_values_are_rejected_by_the_type(changes: dict[str, Any]) -> None:
    with pytest.raises(msgspec.ValidationError):
        record(**changes)


def test_updated_at_without_time_zone_is_a_problem() -> None:
    offer = msgspec.structs.replace(record(), updated_at=datetime(2026, 1, 1))
    assert ("updated_at", "needs a time zone") in offer_problems(offer)


def test_catalogue_rules_find_duplicates_and_unknown_providers() -> None:
    provider = ProviderRecord(id="verein", name="Verein", kind="association")  # type: ignore[arg-type]
    orphan = msgspec.structs.replace(record(), id="other", provider_id="nobody")
    catalogue = Catalogue(providers=[provider, provider], offers=[record(), record(), orphan])
    problems = catalogue_problems(catalogue)
    assert ("providers", "the id 'verein' occurs 2 times") in problems
    assert ("offers", "the id 'sprachcafe-test' occurs 2 times") in problems
    assert ("offers[2].provider_id", "no provider with the id 'nobody'") in problems


def test_valid_dates_in_order_are_fine() -> None:
    offer = record(valid_from=date(2026, 1, 1).isoformat(), valid_to=date(2026, 12, 31).isoformat())
    assert offer_problems(offer) == []
    assert offer.updated_at == datetime(2026, 10, 1, 8, tzinfo=UTC)
