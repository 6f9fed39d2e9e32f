"""Numbers, dates and lists in the reasons, as each plan language writes them (a translation review and a
counsellor's review: "Kostet 8.00 €", "Beginnt am 2027-07-05", "3.5 км" beside "3,5 км", "من عمر 15; …")."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import numpy as np
import pytest

from matcher.features import BASE_FEATURES
from matcher.reason_texts import TEXTS, ReasonFacts
from models.offer import Cost, Eligibility
from models.profile import ResidenceStatus
from seed.demo import demo_catalogue
from tests.matcher.conftest import profile
from web.i18n import gettext_for

OFFER = demo_catalogue().offers[0]


def _facts(language: str, german_level: str = "A1", **offer_fields: Any) -> ReasonFacts:
    values = np.zeros(len(BASE_FEATURES), dtype=np.float32)
    values[BASE_FEATURES.index("not_started_yet")] = 1.0
    return ReasonFacts(profile=profile(german_level=german_level), offer=msgspec.structs.replace(OFFER, **offer_fields),
                       values=values, distance_km=3.5, unverified=2, language=language)  # fmt: skip


@pytest.mark.parametrize(("language", "km"), [("de", "3,5"), ("de-easy", "3,5"), ("ru", "3,5"), ("uk", "3,5"),
                                              ("tr", "3,5"), ("en", "3.5"), ("ar", "3.5"), ("fa", "3.5")])  # fmt: skip
def test_distances_are_written_as_the_language_writes_them(language: str, km: str) -> None:
    text = TEXTS["distance"](_facts(language), gettext_for(language), False)
    assert km in text and "3,5" not in text.replace(km, "") and "3.5" not in text.replace(km, "")


def test_amounts_and_dates_in_german() -> None:
    gettext = gettext_for("de")
    paid = _facts("de", cost=Cost(free=False, amount_eur=8.0))
    assert TEXTS["cost"](paid, gettext, False) == "Kostet 8,00 € (fragen Sie nach Ermäßigung)"
    later = _facts("de", valid_from=date(2027, 7, 5))
    assert TEXTS["start"](later, gettext, False) == "Beginnt am 5. Juli 2027"


def test_conditions_are_joined_as_the_language_joins_a_list() -> None:
    rules = Eligibility(min_age=15, residence_statuses=[ResidenceStatus.RECOGNISED])
    facts = _facts("ar", eligibility=rules)
    text = TEXTS["conditions"](facts, gettext_for("ar"), False)
    assert "؛ " in text and ";" not in text
    assert "; " in TEXTS["conditions"](_facts("de", eligibility=rules), gettext_for("de"), False)


def test_no_german_yet_is_no_level_in_brackets() -> None:
    beginner = _facts("en", german_level="none")
    assert TEXTS["german_level"](beginner, gettext_for("en"), True) == "Made for people who are just starting German"
    assert TEXTS["german_level"](_facts("en"), gettext_for("en"), True) == "Made for your German level (A1)"
