"""The words of each reason, for either sign, in the plan's language.

A positive contribution means the offer fits better than the average candidate in this respect, a negative
one worse; each text says what the facts behind it are, and where no single fact explains a learned
contribution it says so comparatively. Every text goes through gettext (msgid = English).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from matcher.features import BASE_FEATURES
from matcher.offer_matrix import YOUTH_OFFER_MAX_AGE, YOUTH_OFFER_MIN_AGE
from models.offer import OfferRecord
from models.profile import NeedsProfile
from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS, PRIORITY_LABELS, FieldOfAction, Translate, field_of

NEAR_KM = 3.0
GIRLS_UP_TO = 18  # a women-only offer whose oldest participant is this old or younger is for girls


@dataclass(slots=True)
class ReasonFacts:
    """What the texts may mention about this offer for this person (made for each recommendation each time a
    plan is shown: not frozen, which makes it several times cheaper to make)."""

    profile: NeedsProfile
    offer: OfferRecord
    values: npt.NDArray[np.float32]  # the offer's base features
    distance_km: float
    unverified: int
    language: str

    def feature(self, name: str) -> float:
        return float(self.values[BASE_FEATURES.index(name)])

    @property
    def for_children(self) -> list[int]:
        """Ages of the person's children this offer is for (a child's age rule or a youth offer's age band)."""
        rules = self.offer.eligibility
        if rules.requires_child_age is not None:
            low, high = rules.requires_child_age
        elif (
            rules.max_age is not None
            and rules.max_age <= YOUTH_OFFER_MAX_AGE
            and (rules.min_age or 0) >= YOUTH_OFFER_MIN_AGE
        ):
            if self.profile.age is not None and (rules.min_age or 0) <= self.profile.age <= rules.max_age:
                return []
            low, high = rules.min_age or 0, rules.max_age
        else:
            return []
        return sorted({age for age in self.profile.children_ages if low <= age <= high})


@cache
def _names(language: str) -> dict[str, str]:
    locale = Locale.parse("de" if language.startswith("de") else language)
    return {code: str(name) for code, name in locale.languages.items()}


def language_names(codes: list[str], language: str) -> str:
    """``["ar", "fa"]`` → "Arabic, Persian" in the plan language (the code itself if Babel lacks a name)."""
    names = _names(language)
    return ", ".join(names.get(code, code) for code in codes)


def _locale(language: str) -> str:
    return "de" if language.startswith("de") else language


def _km(facts: ReasonFacts) -> str:
    """One decimal in the language's way ("3,5" in German, Russian, Turkish, Ukrainian; the kiosk's own line
    under the card said "3,5 км" where the reason said "3.5 км"), Latin digits as everywhere on the screens."""
    return format_decimal(facts.distance_km, format="0.0", locale=_locale(facts.language), numbering_system="latn")


def _label(facts: ReasonFacts, gettext: Translate) -> str:
    return CATEGORY_LABELS[facts.offer.category].in_language(facts.language, gettext)


def _need(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if positive:
        return gettext("Matches what you need now: {category}").format(category=_label(facts, gettext))
    return gettext("Less pressing for you than other help in this plan")


def _language(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    shared = [code for code in facts.offer.languages if code in facts.profile.languages and code != "de"]
    if positive and shared:
        names = language_names(shared, facts.language)
        return gettext("Offered in a language you speak ({languages})").format(languages=names)
    if positive and facts.feature("language_access") >= 0.5:
        return gettext("You can take part with the German you have")
    if not positive and facts.feature("language_access") == 0:
        return gettext("Held only in languages you may not understand yet: ask for an interpreter")
    if positive:
        return gettext("Its languages suit you better than most offers")
    return gettext("Its languages suit you less well than other offers")


def _german_level(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if positive:
        level = facts.profile.german_level
        if level.value == "none":  # "(none)" is no level
            return gettext("Made for people who are just starting German")
        return gettext("Made for your German level ({level})").format(level=level.value)
    return gettext("Not made for your German level in particular")


def _childcare(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if positive and facts.offer.childcare:
        return gettext("Childcare is provided during the offer")
    if positive and facts.for_children:
        return gettext("No childcare needed: the offer is for your child")
    if positive and facts.offer.by_appointment and not facts.offer.schedule:
        return gettext("By appointment: you can plan care for your children")
    if not positive and facts.feature("small_children_no_childcare"):
        return gettext("No childcare: you will need care for your small children")
    if positive:
        return gettext("How it handles childcare suits families like yours")
    return gettext("How it handles childcare suits families like yours less well")


def _schedule(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    fit = facts.feature("schedule_fit")
    if positive and fit == 1 and facts.profile.availability:
        return gettext("At times when you are available")
    if not positive and fit == 0 and facts.profile.availability:
        return gettext("Not at the times you said you are available")
    if positive:
        return gettext("Its times suit people in your situation")
    return gettext("Its times suit people in your situation less well")


def _distance(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if np.isnan(facts.distance_km):
        return gettext("Its place suits you") if positive else gettext("Its place suits you less well")
    if positive and facts.distance_km == 0:
        return gettext("In your district")
    if positive and facts.distance_km <= NEAR_KM:
        return gettext("Close to you (about {km} km)").format(km=_km(facts))
    # Otherwise the distance as it is, for or against as the model weighs it: "closer than most offers" was said of
    # an offer 7.3 km away while one 3.6 km away in the same plan was "further away" (review).
    return gettext("About {km} km from where you live.").format(km=_km(facts))


def _cost(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if facts.offer.cost.free:
        return gettext("Free of charge")
    cost = facts.offer.cost
    if cost.amount_eur is None and cost.label() is not None:  # an imported offer priced in another currency
        return gettext("Costs {amount} (ask about reductions)").format(amount=cost.label())
    amount = format_decimal(
        cost.amount_eur or 0, format="0.00", locale=_locale(facts.language), numbering_system="latn"
    )
    return gettext("Costs {amount} € (ask about reductions)").format(amount=amount)


def _places(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    capacity = facts.offer.capacity
    if capacity is not None and capacity.available == 0:
        return gettext("Currently full: ask about the waiting list")
    if capacity is not None:
        return gettext("Places are available")
    return gettext("No waiting list is known")


def _targeted(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    children = facts.for_children
    if positive and children:
        ages = ", ".join(str(age) for age in children)
        return gettext("For your child (age {ages})").format(ages=ages)
    if positive:
        return gettext("Designed for people in your situation")
    return gettext("Made for a somewhat different group of people")


def _conditions(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    """What to check follows from the offer's rules and the profile, whichever way the model weighs it."""
    if not facts.unverified:
        return gettext("No conditions left to check")
    return conditions_to_check(facts, gettext) or gettext("No conditions left to check")


def conditions_to_check(facts: ReasonFacts, gettext: Translate) -> str | None:
    """ "Please check the conditions: …" for the offer's rules on facts the profile leaves out (and situations no
    profile records); None when there are none (also for alternatives and printed offers, which have no reasons)."""
    rules, profile = facts.offer.eligibility, facts.profile
    checks = []
    if profile.age is None and rules.min_age is not None and rules.max_age is not None:
        checks.append(gettext("age {low}–{high}").format(low=rules.min_age, high=rules.max_age))
    elif profile.age is None and rules.min_age is not None:
        checks.append(gettext("from age {low}").format(low=rules.min_age))
    elif profile.age is None and rules.max_age is not None:
        checks.append(gettext("up to age {high}").format(high=rules.max_age))
    # A youth offer taken up for a child: the child's gender counts, which no profile states; any other offer
    # (a breastfeeding café, which a mother attends with her baby, too): the person's own.
    for_a_child = bool(facts.for_children) and rules.requires_child_age is None
    if rules.genders and (for_a_child or profile.gender is None):
        checks.append(_genders(rules.genders, rules.max_age, gettext))
    if rules.residence_statuses and profile.residence_status is None:
        checks.append(gettext("depends on the residence status"))
    if rules.districts and profile.district is None:
        checks.append(gettext("only for some districts"))
    if "violence" in rules.situations:
        checks.append(gettext("only for people experiencing violence"))
    if "nursing_qualification" in rules.situations:
        checks.append(gettext("only for nurses with a foreign qualification"))
    if "unaccompanied_minor" in rules.situations and not profile.unaccompanied_minor:
        checks.append(gettext("only for young people in Germany without their parents"))
    if "single_parent" in rules.situations and not profile.single_parent:
        checks.append(gettext("only for single parents"))
    if rules.literacy and profile.literacy is None:
        checks.append(_literacy(rules.literacy, gettext))
    if not checks:
        return None
    # TRANSLATORS: what separates two conditions in a list ("; " in English, "؛ " in Arabic and Persian)
    separator = gettext("; ")
    return gettext("Please check the conditions: {conditions}").format(conditions=separator.join(checks))


def _literacy(literacy: Sequence[str], gettext: Translate) -> str:
    """Who may take part by reading and writing: people who read another script, who cannot read yet, or some."""
    if list(literacy) == ["other_script"]:
        return gettext("only for people who already read a script other than Latin letters")
    if list(literacy) == ["none"]:
        return gettext("only for people who cannot read and write yet")
    return gettext("depends on how well you read and write")


def _genders(genders: Sequence[str], max_age: int | None, gettext: Translate) -> str:
    """Who may take part: girls (a women-only offer up to 18, whoever takes it up), women, or some genders."""
    if genders != ["female"]:
        return gettext("only for some genders")
    return gettext("only for girls") if max_age is not None and max_age <= GIRLS_UP_TO else gettext("only for women")


def _access(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    return gettext("Step-free access") if facts.offer.accessible else gettext("Not step-free")


def _start(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if not positive and facts.offer.valid_from is not None and facts.feature("not_started_yet"):
        day = format_date(facts.offer.valid_from, format="long", locale=_locale(facts.language)).rstrip(".")
        return gettext("Starts on {date}").format(date=day)  # "5. Juli 2027", not "2027-07-05"
    return gettext("Already running or starting soon")


def _experience(facts: ReasonFacts, gettext: Translate, positive: bool) -> str:
    if positive:
        return gettext("Often taken up by people in situations like yours")
    return gettext("Often turned down by people in situations like yours")


TEXTS: dict[str, Callable[[ReasonFacts, Translate, bool], str]] = {
    "need": _need,
    "language": _language,
    "german_level": _german_level,
    "childcare": _childcare,
    "schedule": _schedule,
    "distance": _distance,
    "cost": _cost,
    "places": _places,
    "targeted": _targeted,
    "conditions": _conditions,
    "access": _access,
    "start": _start,
    "experience": _experience,
}


def urgent_text(gettext: Translate) -> str:
    return gettext("This cannot wait: it comes first")


def priority_text(facts: ReasonFacts, gettext: Translate) -> str:
    """In the person's words: the plain name of the field, as the kiosk asks for it."""
    field = gettext(PRIORITY_LABELS[field_of(facts.offer.category)])
    return gettext("You said this matters most now: {field}").format(field=field)


def coverage_text(facts: ReasonFacts, field: str, gettext: Translate) -> str:
    label = FIELD_LABELS[FieldOfAction(field)].in_language(facts.language, gettext)
    return gettext("So that your plan also covers {field}").format(field=label)
