"""The catalogue as columns of numbers, built once, so that every profile is matched with a few numpy operations.

Row ``i`` of every array describes ``offers[i]``. Conditions are stored twice: the bounds, and a flag saying
whether the offer has the condition at all (an offer without a rule is open to everyone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from models.district import District
from models.offer import RECORDED_SITUATIONS, OfferRecord, Weekday
from models.profile import Gender, GermanLevel, Housing, Literacy, ResidenceStatus
from models.taxonomy import CATEGORY_CODES, FieldOfAction, field_of

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float32]

FIELDS = tuple(FieldOfAction)
DISTRICTS = tuple(District)
GENDERS = tuple(Gender)
RESIDENCE_STATUSES = tuple(ResidenceStatus)
HOUSING_SITUATIONS = tuple(Housing)
LITERACY = tuple(Literacy)
TIME_CLASSES = ("mornings", "afternoons", "evenings", "weekends")
CATEGORY_INDEX = {code: i for i, code in enumerate(CATEGORY_CODES)}
NO_LIMIT_AGE = 200
NO_END = date.max.toordinal()
NARROW_AGE_BAND = 20  # an age rule at most this wide is an offer made for that age group
# An age band within these bounds marks an offer for teenagers and young people (a youth club, a youth sports
# group); a parent may take it up for their child of that age.
YOUTH_OFFER_MIN_AGE = 10
YOUTH_OFFER_MAX_AGE = 21
TABLE_AGES = 121  # the age tables cover the ages a profile may state (0 to 120)


@dataclass(frozen=True, slots=True)
class OfferMatrix:
    offers: Sequence[OfferRecord]
    row_of: dict[str, int]
    field: Ints
    category: Ints
    district: Ints
    min_age: Ints
    max_age: Ints
    age_rule: Bools
    gender_ok: Bools  # (n, genders)
    gender_rule: Bools
    residence_ok: Bools  # (n, statuses)
    residence_rule: Bools
    german_min: Ints
    german_max: Ints
    german_rule: Bools
    child_low: Ints
    child_high: Ints
    child_rule: Bools
    district_ok: Bools  # (n, districts)
    district_rule: Bools
    housing_ok: Bools  # (n, housing situations)
    housing_rule: Bools  # only for some housing situations (the profile always states its own)
    situation_rule: Bools  # only in a situation no profile records (``Eligibility.situations``)
    recorded_rule: Bools  # (n, RECORDED_SITUATIONS): only in a situation the profile records (a minor alone, …)
    literacy_ok: Bools  # (n, LITERACY)
    literacy_rule: Bools  # only for people who read and write in some ways (the profile's ``literacy``)
    language_codes: tuple[str, ...]
    languages: Bools  # (n, language_codes)
    childcare: Bools
    free: Bools
    full: Bools
    time_classes: Bools  # (n, TIME_CLASSES)
    by_appointment: Bools
    accessible: Bools
    valid_from: Ints  # ordinal day, 0 when open-ended
    valid_to: Ints  # ordinal day, NO_END when open-ended
    confirmed_on: Ints  # ordinal day the offer was last confirmed as true, NO_END when not known
    # Derived once, so that a request does not recompute them for every offer:
    level_fit: Floats  # 1 / (1 + width of the German-level band) for offers made for a level, else 0
    narrow_age: Bools  # an age band of at most NARROW_AGE_BAND years, or an offer for older people
    few_statuses: Bools  # a residence rule naming at most three statuses
    weekly: Bools  # weekly times and not an offer for a child
    german_ok: Bools  # (German level rank, n): the level lies within the offer's band
    age_ok: Bools  # (TABLE_AGES, n): a person of that age meets the age band
    child_ok: Bools  # (TABLE_AGES, n): an offer for a child's age that a child of that age meets
    youth_ok: Bools  # (TABLE_AGES, n): a youth offer (YOUTH_OFFER_*) whose age band a child of that age falls into

    @property
    def size(self) -> int:
        return len(self.offers)

    @classmethod
    def build(cls, offers: Sequence[OfferRecord]) -> OfferMatrix:
        codes = tuple(sorted({code for offer in offers for code in offer.languages}))
        code_index = {code: i for i, code in enumerate(codes)}
        n = len(offers)
        languages = np.zeros((n, len(codes)), dtype=bool)
        gender_ok = np.ones((n, len(GENDERS)), dtype=bool)
        residence_ok = np.ones((n, len(RESIDENCE_STATUSES)), dtype=bool)
        district_ok = np.ones((n, len(DISTRICTS)), dtype=bool)
        housing_ok = np.ones((n, len(HOUSING_SITUATIONS)), dtype=bool)
        literacy_ok = np.ones((n, len(LITERACY)), dtype=bool)
        time_classes = np.zeros((n, len(TIME_CLASSES)), dtype=bool)
        for row, offer in enumerate(offers):
            languages[row, [code_index[code] for code in offer.languages]] = True
            rules = offer.eligibility
            if rules.genders:
                gender_ok[row] = [gender in rules.genders for gender in GENDERS]
            if rules.residence_statuses:
                residence_ok[row] = [status in rules.residence_statuses for status in RESIDENCE_STATUSES]
            if rules.districts:
                district_ok[row] = [district in rules.districts for district in DISTRICTS]
            if rules.housing_situations:
                housing_ok[row] = [housing in rules.housing_situations for housing in HOUSING_SITUATIONS]
            if rules.literacy:
                literacy_ok[row] = [literacy in rules.literacy for literacy in LITERACY]
            for slot in offer.schedule:
                time_classes[row, _time_class(slot.weekday, slot.start)] = True

        def column(values: Sequence[object], dtype: type) -> Any:
            return np.asarray(values, dtype=dtype)

        conditions = [offer.eligibility for offer in offers]
        bands = [r.requires_child_age for r in conditions]
        german_min = column([(r.german_level_min or GermanLevel.NONE).rank for r in conditions], np.int32)
        german_max = column([(r.german_level_max or GermanLevel.C2).rank for r in conditions], np.int32)
        german_rule = column(
            [r.german_level_min is not None or r.german_level_max is not None for r in conditions], bool
        )
        min_age = column([r.min_age or 0 for r in conditions], np.int32)
        max_age = column([NO_LIMIT_AGE if r.max_age is None else r.max_age for r in conditions], np.int32)
        age_rule = column([r.min_age is not None or r.max_age is not None for r in conditions], bool)
        child_rule = column([band is not None for band in bands], bool)
        child_low = column([band[0] if band else -1 for band in bands], np.int32)
        child_high = column([band[1] if band else -1 for band in bands], np.int32)
        ages = np.arange(TABLE_AGES)[:, None]
        levels = np.arange(len(GermanLevel))[:, None]
        youth = age_rule & (min_age >= YOUTH_OFFER_MIN_AGE) & (max_age <= YOUTH_OFFER_MAX_AGE)
        return cls(
            offers=offers,
            row_of={offer.id: row for row, offer in enumerate(offers)},
            field=column([FIELDS.index(field_of(o.category)) for o in offers], np.int32),
            category=column([CATEGORY_INDEX[o.category] for o in offers], np.int32),
            district=column([DISTRICTS.index(o.district) for o in offers], np.int32),
            min_age=min_age,
            max_age=max_age,
            age_rule=age_rule,
            gender_ok=gender_ok,
            gender_rule=column([bool(r.genders) for r in conditions], bool),
            residence_ok=residence_ok,
            residence_rule=column([bool(r.residence_statuses) for r in conditions], bool),
            german_min=german_min,
            german_max=german_max,
            german_rule=german_rule,
            child_low=child_low,
            child_high=child_high,
            child_rule=child_rule,
            district_ok=district_ok,
            district_rule=column([bool(r.districts) for r in conditions], bool),
            housing_ok=housing_ok,
            housing_rule=column([bool(r.housing_situations) for r in conditions], bool),
            situation_rule=column([bool(set(r.situations) - set(RECORDED_SITUATIONS)) for r in conditions], bool),
            recorded_rule=column([[s in r.situations for s in RECORDED_SITUATIONS] for r in conditions], bool).reshape(
                n, len(RECORDED_SITUATIONS)
            ),
            literacy_ok=literacy_ok,
            literacy_rule=column([bool(r.literacy) for r in conditions], bool),
            language_codes=codes,
            languages=languages,
            childcare=column([o.childcare for o in offers], bool),
            free=column([o.cost.free for o in offers], bool),
            full=column([o.capacity is not None and o.capacity.available == 0 for o in offers], bool),
            time_classes=time_classes,
            by_appointment=column([o.by_appointment for o in offers], bool),
            accessible=column([o.accessible for o in offers], bool),
            valid_from=column([o.valid_from.toordinal() if o.valid_from else 0 for o in offers], np.int32),
            valid_to=column([o.valid_to.toordinal() if o.valid_to else NO_END for o in offers], np.int32),
            confirmed_on=column(
                [o.confirmed_at.date().toordinal() if o.confirmed_at else NO_END for o in offers], np.int32
            ),
            level_fit=np.where(german_rule, 1.0 / (1.0 + german_max - german_min), 0.0).astype(np.float32),
            narrow_age=age_rule & ((max_age - min_age <= NARROW_AGE_BAND) | (min_age >= 55)),
            few_statuses=residence_ok.sum(axis=1) <= 3,
            weekly=time_classes.any(axis=1) & ~child_rule,
            german_ok=(german_min <= levels) & (levels <= german_max),
            age_ok=(min_age <= ages) & (ages <= max_age),
            child_ok=(child_low <= ages) & (ages <= child_high),
            youth_ok=youth & (min_age <= ages) & (ages <= max_age),
        )


def _time_class(weekday: Weekday, start: str) -> int:
    if weekday in (Weekday.SATURDAY, Weekday.SUNDAY):
        return TIME_CLASSES.index("weekends")
    if start < "12:00":
        return TIME_CLASSES.index("mornings")
    return TIME_CLASSES.index("afternoons" if start < "17:00" else "evenings")
