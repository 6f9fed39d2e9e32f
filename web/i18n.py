"""The one translation function: gettext catalogues (Babel ``.po`` files in ``web/locales``), msgid = English.

Catalogues are compiled in memory when first used, so no build step is needed. Easy German (``de-easy``)
falls back to German; every other language falls back to the English source text.
"""

from __future__ import annotations

import gettext as gettext_module
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from models.taxonomy import Translate

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"
CATALOGUE_LANGUAGES = ("de", "de-easy", "ar", "uk", "ru", "tr", "fa")
FALLBACKS = {"de-easy": "de"}


def catalogue_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The compiled catalogue for ``language`` with its fallback chain."""
    if language not in CATALOGUE_LANGUAGES:
        return gettext_module.NullTranslations()
    with catalogue_path(language).open("rb") as file:
        catalogue = read_po(file)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    result = gettext_module.GNUTranslations(compiled)
    if language in FALLBACKS:
        result.add_fallback(translations(FALLBACKS[language]))
    return result


class _Translated(dict[str, str]):
    """Each message translated once per language; later look-ups are one dict access (bounded: messages are
    the program's own texts, so the bound is never reached in practice)."""

    LIMIT = 20_000

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        self.translate = translate

    def __missing__(self, message: str) -> str:
        text = self.translate(message)
        if len(self) < self.LIMIT:
            self[message] = text
        return text


@cache
def gettext_for(language: str) -> Translate:
    """The translation function for ``language``."""
    return _Translated(translations(language).gettext).__getitem__
