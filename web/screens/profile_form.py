"""The counselling form: HTML form fields to a ``NeedsProfile``, with errors in words next to each field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from models.district import DISTRICT_NAMES
from models.profile import NeedsProfile
from models.taxonomy import N_, FieldOfAction, Translate
from web.pages import vocabulary

REQUIRED = ("german_level", "work", "housing")
CHOICES: dict[str, Sequence[str]] = {
    "german_level": list(vocabulary.GERMAN_LEVELS),
    "work": list(vocabulary.WORK),
    "housing": list(vocabulary.HOUSING),
    "gender": list(vocabulary.GENDERS),
    "residence_status": list(vocabulary.RESIDENCE),
    "district": [d.value for d in DISTRICT_NAMES],
    "qualification": list(vocabulary.QUALIFICATIONS),
    "literacy": list(vocabulary.LITERACY),
    "plan_language": list(vocabulary.PLAN_LANGUAGES),
}
LISTS: dict[str, Sequence[str]] = {
    "languages": list(vocabulary.SPOKEN_LANGUAGES),
    "health": list(vocabulary.HEALTH),
    "availability": list(vocabulary.AVAILABILITY),
    "priorities": [f.value for f in FieldOfAction],
}
NUMBERS = {"age": (0, 120), "months_in_germany": (0, 1200), "limit": (1, 30)}
YES_NO_FIELDS = ("foreign_qualification", "pregnant", "single_parent", "unaccompanied_minor")
MESSAGES = {
    "choose": N_("Please choose an answer."),
    "choice": N_("Please choose one of the answers offered."),
    "children": N_("Enter ages from 0 to 17, separated by commas (for example: 2, 7)."),
    "age": N_("Enter an age from 0 to 120."),
    "months_in_germany": N_("Enter the number of months (0 or more)."),
    "limit": N_("Enter a number from 1 to 30."),
}


@dataclass
class ProfileForm:
    """What the counsellor entered, the profile made of it, and the errors per field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    profile: NeedsProfile | None = None

    def selected(self, name: str, value: str) -> bool:
        current = self.values.get(name)
        return value in current if isinstance(current, list) else current == value


def _say(gettext: Translate, key: str) -> str:
    return gettext(MESSAGES[key])


def empty_form(plan_language: str) -> ProfileForm:
    return ProfileForm(values={"plan_language": plan_language, "limit": "10", "children_ages": ""})


def read_form(form: Mapping[str, list[str]], gettext: Translate) -> ProfileForm:
    """Check every field, collect every error, and build the profile when there is none."""
    result = ProfileForm()
    raw: dict[str, Any] = {}

    def first(name: str) -> str:
        values = form.get(name) or [""]
        return values[0].strip()

    for name, choices in CHOICES.items():
        value = first(name)
        result.values[name] = value
        if not value:
            if name in REQUIRED:
                result.errors[name] = _say(gettext, "choose")
        elif value not in choices:
            result.errors[name] = _say(gettext, "choice")
        else:
            raw[name] = value
    for name, choices in LISTS.items():
        values = [value for value in form.get(name, []) if value]
        result.values[name] = values
        if any(value not in choices for value in values):
            result.errors[name] = _say(gettext, "choice")
        raw[name] = list(dict.fromkeys(values))
    for name, (low, high) in NUMBERS.items():
        value = first(name)
        result.values[name] = value
        if value:
            number = int(value) if value.isdecimal() and len(value) <= 4 else None  # "²" is a digit, not a number
            if number is None or not low <= number <= high:
                result.errors[name] = _say(gettext, name)
            else:
                raw[name] = number
    for name in YES_NO_FIELDS:
        value = first(name)
        result.values[name] = value
        if value in ("yes", "no"):
            raw[name] = value == "yes"
        elif value:
            result.errors[name] = _say(gettext, "choice")
    children = first("children_ages")
    result.values["children_ages"] = children
    ages = [part.strip() for part in children.replace(";", ",").split(",") if part.strip()]
    if all(age.isdecimal() and len(age) <= 2 and int(age) <= 17 for age in ages) and len(ages) <= 15:
        raw["children_ages"] = sorted(int(age) for age in ages)
    else:
        result.errors["children_ages"] = _say(gettext, "children")
    if not result.errors:
        result.profile = msgspec.convert(raw, NeedsProfile)
    return result


def not_yet_answered(form: ProfileForm) -> ProfileForm:
    """``form`` without the errors of required questions that are still empty: while the counsellor is filling
    the form in, an open question is not a mistake (the plan area says which questions it waits for)."""
    errors = {name: text for name, text in form.errors.items() if not (name in REQUIRED and not form.values.get(name))}
    return ProfileForm(values=form.values, errors=errors, profile=form.profile)


def form_from_profile(profile: Mapping[str, Any]) -> ProfileForm:
    """The form filled in again from a stored profile (to show a stored plan with its profile)."""
    values: dict[str, Any] = {}
    for name, value in profile.items():
        if name == "children_ages":
            values[name] = ", ".join(str(age) for age in value)
        elif name in YES_NO_FIELDS:
            values[name] = "" if value is None else ("yes" if value else "no")
        elif isinstance(value, list):
            values[name] = list(value)
        else:
            values[name] = "" if value is None else str(value)
    return ProfileForm(values=values)
