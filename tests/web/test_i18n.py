"""Every user-facing text has a translation: the whole screen in German, the plan and its printout in
every plan language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS
from web.i18n import CATALOGUE_LANGUAGES, catalogue_path, gettext_for
from web.pages.rendering import PHASE_LABELS
from web.pages.vocabulary import WEEKDAYS

ROOT = Path(__file__).parents[2]
KEYWORDS = {"N_": None, "gettext": None, "_": None}
LABELS = {label.en for label in (*FIELD_LABELS.values(), *CATEGORY_LABELS.values())}


def _messages(found: object) -> set[str]:
    # extract_from_dir yields (file, line, message, comments, context); extract_from_file the last four.
    return {entry[-3] if isinstance(entry[-3], str) else entry[-3][0] for entry in found}  # type: ignore[attr-defined]


def all_messages() -> set[str]:
    python = set().union(
        *(_messages(extract_from_dir(ROOT / d, keywords=KEYWORDS)) for d in ("matcher", "models", "web"))
    )
    templates = _messages(
        extract_from_dir(ROOT / "web" / "templates", method_map=[("**.html", "jinja2")], keywords=KEYWORDS)
    )
    return python | templates


def plan_messages() -> set[str]:
    """Texts of the plan itself and of its printout, which exist in every plan language."""
    python = set().union(*(_messages(extract_from_dir(ROOT / d, keywords=KEYWORDS)) for d in ("matcher", "models")))
    printout = _messages(extract_from_file("jinja2", ROOT / "web/templates/beratung/print.html", keywords=KEYWORDS))
    return python | printout | set(PHASE_LABELS.values()) | set(WEEKDAYS.values()) | {"by appointment"}


def kiosk_messages() -> set[str]:
    """Everything the kiosk shows, which exists in all eight kiosk languages."""
    templates = _messages(
        extract_from_dir(ROOT / "web" / "templates" / "kiosk", method_map=[("**.html", "jinja2")], keywords=KEYWORDS)
    )
    questions = _messages(extract_from_file("python", ROOT / "web/screens/kiosk_questions.py", keywords=KEYWORDS))
    return templates | questions | plan_messages()


def _translated(language: str) -> set[str]:
    with catalogue_path(language).open("rb") as file:
        return {str(m.id) for m in read_po(file) if m.id and m.string}


def test_the_screen_is_complete_in_german() -> None:
    """Labels included: the counselling form asks for "Health and care" through the catalogue, and showed it in
    English on the German screen while the German catalogue left the labels to the taxonomy."""
    assert sorted(all_messages() - _translated("de")) == []


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_plans_and_printouts_are_complete(language: str) -> None:
    # German labels come from the taxonomy itself; Easy German may fall back to them.
    required = plan_messages() - (LABELS if language in ("de", "de-easy") else set())
    assert sorted(required - _translated(language)) == []


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    gettext = gettext_for(language)
    for message in all_messages():
        placeholders = {part.split("}")[0] for part in message.split("{")[1:]}
        translated = gettext(message)
        assert all("{" + name + "}" in translated for name in placeholders), (language, message, translated)


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_the_kiosk_is_complete(language: str) -> None:
    required = kiosk_messages() - (LABELS if language in ("de", "de-easy") else set())
    assert sorted(required - _translated(language)) == []
