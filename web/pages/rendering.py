"""What every screen template gets: the translation function, language and direction, labels and formatters."""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal

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


# Hours never break across lines ("Di 08:30–" / "11:45" was hard to read, in right-to-left text too), nor do days
# ("Mo und Di"); a slot may break between its days and its hours, or it overflows a 320 px screen (review).
NO_BREAK_SPACE, JOINED_DASH = "\u00a0", "\u2060–\u2060"  # a word joiner on either side of the dash
_DAYS = tuple(vocabulary.WEEKDAYS)


def weekly_runs(slots: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """(weekday, start, end) slots as runs of following days with the same hours: (first day, last day, start,
    end), in the order given ("Mo–Do 08:30–11:45" instead of the same hours four times)."""
    runs: list[tuple[str, str, str, str]] = []
    for day, start, end in slots:
        if runs:
            first, last, run_start, run_end = runs[-1]
            if (run_start, run_end) == (start, end) and _DAYS.index(day) == _DAYS.index(last) + 1:
                runs[-1] = (first, day, start, end)
                continue
        runs.append((day, day, start, end))
    return runs


def babel_locale(language: str) -> str:
    """The locale Babel formats ``language`` in (dates, numbers, lists, language names): Easy German is German."""
    return "de" if language == "de-easy" else language


def screen_context(language: str, **extra: Any) -> dict[str, Any]:
    gettext = gettext_for(language)
    locale = babel_locale(language)

    def times(offer: OfferOut) -> str:
        slots = [
            f"{days(first, last)} {start}{JOINED_DASH}{end}"  # may break before the hours: a phone is 320 px wide
            for first, last, start, end in weekly_runs([(s.weekday, s.start, s.end) for s in offer.schedule])
        ]
        if offer.by_appointment:
            slots.append(gettext("by appointment"))
        return " · ".join(slots)

    def days(first: str, last: str) -> str:
        names = [gettext(vocabulary.WEEKDAYS[day]) for day in (first, last)]
        if first == last:
            return names[0]
        if _DAYS.index(last) == _DAYS.index(first) + 1:  # "Mo und Di", "الاثنين والثلاثاء": the language's own "and"
            return format_list(names, locale=locale).replace(" ", NO_BREAK_SPACE)
        return JOINED_DASH.join(names)

    def more_places(offer: OfferOut) -> str:
        """The offer's further places, each as its address and district (none: outside Laatzen)."""
        return " · ".join(
            f"{place.address} ({DISTRICT_NAMES[place.district]})" if place.district else place.address
            for place in offer.more_places
        )

    names = Locale.parse(locale).languages

    def decimal(value: float) -> str:
        """One decimal in the language's way ("1,9" in German, Russian, Turkish, Ukrainian), Latin digits as
        everywhere else on the screens."""
        return format_decimal(value, format="0.0", locale=locale, numbering_system="latn")

    def language_names(codes: list[str]) -> str:
        return ", ".join(names.get(code, code) for code in codes)

    return {
        "_": gettext,
        "language_names": language_names,
        "lang": language,
        "html_lang": locale,  # Easy German is German: "de-easy" is no BCP 47 tag
        "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "vocabulary": vocabulary,
        "district_names": {d.value: name for d, name in DISTRICT_NAMES.items()},
        "field_labels": {f.value: label.in_language(language, gettext) for f, label in FIELD_LABELS.items()},
        "category_label": lambda code: CATEGORY_LABELS[code].in_language(language, gettext),
        "phase_labels": {phase.value: label for phase, label in PHASE_LABELS.items()},
        "times": times,
        "decimal": decimal,
        "more_places": more_places,
        **extra,
    }
