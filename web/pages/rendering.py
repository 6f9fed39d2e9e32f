"""What every screen template gets: the translation function, language and direction, labels and formatters."""

from __future__ import annotations

from typing import Any

from babel import Locale

from models.district import DISTRICT_NAMES
from models.offer import OfferOut
from models.plan import Phase
from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS, N_
from web.i18n import gettext_for
from web.language import RIGHT_TO_LEFT
from web.pages import vocabulary

PHASE_LABELS = {
    Phase.NOW: N_("Now – within the next two weeks"),
    Phase.SOON: N_("Soon – in the next three months"),
    Phase.LATER: N_("Later"),
}


def screen_context(language: str, **extra: Any) -> dict[str, Any]:
    gettext = gettext_for(language)

    def times(offer: OfferOut) -> str:
        slots = [f"{gettext(vocabulary.WEEKDAYS[s.weekday])} {s.start}–{s.end}" for s in offer.schedule]
        if offer.by_appointment:
            slots.append(gettext("by appointment"))
        return " · ".join(slots)

    def more_places(offer: OfferOut) -> str:
        """The offer's further places, each as its address and district (none: outside Laatzen)."""
        return " · ".join(
            f"{place.address} ({DISTRICT_NAMES[place.district]})" if place.district else place.address
            for place in offer.more_places
        )

    names = Locale.parse("de" if language == "de-easy" else language).languages

    def language_names(codes: list[str]) -> str:
        return ", ".join(names.get(code, code) for code in codes)

    return {
        "_": gettext,
        "language_names": language_names,
        "lang": language,
        "html_lang": "de" if language == "de-easy" else language,  # Easy German is German: "de-easy" is no BCP 47 tag
        "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "vocabulary": vocabulary,
        "district_names": {d.value: name for d, name in DISTRICT_NAMES.items()},
        "field_labels": {f.value: label.in_language(language, gettext) for f, label in FIELD_LABELS.items()},
        "category_label": lambda code: CATEGORY_LABELS[code].in_language(language, gettext),
        "phase_labels": {phase.value: label for phase, label in PHASE_LABELS.items()},
        "times": times,
        "more_places": more_places,
        **extra,
    }
