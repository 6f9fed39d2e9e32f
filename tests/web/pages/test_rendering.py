"""What the screens show of an offer's times: following days with the same hours as one run, and no slot that
breaks across lines."""

from __future__ import annotations

from typing import Any

from web.pages.rendering import JOINED_DASH, NO_BREAK_SPACE, screen_context, weekly_runs


def test_following_days_with_the_same_hours_are_one_run() -> None:
    slots = [("monday", "08:30", "11:45"), ("tuesday", "08:30", "11:45"), ("wednesday", "08:30", "11:45"),
             ("thursday", "08:30", "11:45"), ("friday", "08:30", "12:30")]  # fmt: skip
    assert weekly_runs(slots) == [("monday", "thursday", "08:30", "11:45"), ("friday", "friday", "08:30", "12:30")]


def test_days_apart_or_with_other_hours_stay_apart() -> None:
    slots = [("monday", "09:00", "12:00"), ("wednesday", "09:00", "12:00"), ("thursday", "14:00", "16:00"),
             ("friday", "09:00", "12:00")]  # fmt: skip
    assert [run[:2] for run in weekly_runs(slots)] == [
        ("monday", "monday"),
        ("wednesday", "wednesday"),
        ("thursday", "thursday"),
        ("friday", "friday"),
    ]
    two_slots_a_day = [("monday", "09:00", "12:00"), ("monday", "14:00", "16:00"), ("tuesday", "09:00", "12:00")]
    assert len(weekly_runs(two_slots_a_day)) == 3  # Tuesday follows Monday's afternoon, not its morning


def _offer(schedule: list[dict[str, str]], by_appointment: bool = False) -> Any:
    """What ``times`` reads of an offer (``OfferOut``): its weekly slots and whether it is by appointment."""

    class Slot:
        def __init__(self, weekday: str, start: str, end: str) -> None:
            self.weekday, self.start, self.end = weekday, start, end

    class Offer:
        pass

    offer = Offer()
    offer.schedule = [Slot(**slot) for slot in schedule]  # type: ignore[attr-defined]
    offer.by_appointment = by_appointment  # type: ignore[attr-defined]
    return offer


def test_times_in_words_break_only_between_days_and_hours() -> None:
    """A slot on one line ("Montag und Dienstag 18:00–21:15") overflowed a 320 px phone in Easy German (review)."""
    times = screen_context("de")["times"]
    week = [{"weekday": day, "start": "08:30", "end": "11:45"} for day in ("monday", "tuesday", "wednesday")]
    text = times(_offer([*week, {"weekday": "friday", "start": "08:00", "end": "12:30"}], by_appointment=True))
    space, dash = NO_BREAK_SPACE, JOINED_DASH
    assert text == f"Mo{dash}Mi 08:30{dash}11:45 · Fr 08:00{dash}12:30 · nach Vereinbarung"
    two = times(_offer(week[:2]))
    assert two == f"Mo{space}und{space}Di 08:30{dash}11:45"  # the language's own "and", unbreakable
    arabic = screen_context("ar")["times"](_offer(week[:2]))
    assert arabic.count(" ") == 1 and "و" in arabic and "," not in arabic


def test_distances_use_the_languages_decimal_sign() -> None:
    expected = {
        "de": "1,9",
        "de-easy": "1,9",
        "ru": "1,9",
        "uk": "1,9",
        "tr": "1,9",
        "en": "1.9",
        "ar": "1.9",
        "fa": "1.9",
    }
    assert {language: screen_context(language)["decimal"](1.94) for language in expected} == expected
