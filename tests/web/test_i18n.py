"""Every user-facing text in the code has a translation in every catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS
from web.i18n import CATALOGUE_LANGUAGES, catalogue_path, gettext_for

ROOT = Path(__file__).parents[2]
LABELS = {label.en for label in (*FIELD_LABELS.values(), *CATEGORY_LABELS.values())}


def _source_messages() -> set[str]:
    messages: set[str] = set()
    for folder in ("matcher", "models", "web"):
        for _, _, message, _, _ in extract_from_dir(ROOT / folder, keywords={"N_": None, "gettext": None}):
            messages.add(message if isinstance(message, str) else message[0])
    return messages


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_catalogue_translates_every_text(language: str) -> None:
    with catalogue_path(language).open("rb") as file:
        catalogue = read_po(file)
    translated = {m.id for m in catalogue if m.id and m.string}
    # German labels come from the taxonomy itself; Easy German may fall back to them.
    required = _source_messages() - (LABELS if language in ("de", "de-easy") else set())
    assert sorted(required - translated) == []


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    gettext = gettext_for(language)
    for message in _source_messages():
        placeholders = {part.split("}")[0] for part in message.split("{")[1:]}
        translated = gettext(message)
        assert all("{" + name + "}" in translated for name in placeholders), (language, message, translated)
