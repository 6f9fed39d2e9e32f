"""Answer labels of the counselling form (English msgids, translated through the catalogues)."""

from __future__ import annotations

from models.taxonomy import N_

GERMAN_LEVELS = {
    "none": N_("No German yet"),
    "A1": N_("A1 – first words and simple phrases"),
    "A2": N_("A2 – everyday situations"),
    "B1": N_("B1 – can manage most situations"),
    "B2": N_("B2 – fluent in familiar topics"),
    "C1": N_("C1 – fluent, also at work"),
    "C2": N_("C2 – near-native"),
}
WORK = {
    "job_seeking": N_("Looking for work"),
    "employed": N_("Employed"),
    "self_employed": N_("Self-employed"),
    "in_training": N_("In training or studying"),
    "not_permitted": N_("Not permitted to work"),
    "not_seeking": N_("Not looking for work"),
    "in_school": N_("At school"),
    "retired": N_("Retired"),
}
HOUSING = {
    "own_flat": N_("Own flat"),
    "municipal_flat": N_("Municipal flat"),
    "shared_accommodation": N_("Shared accommodation"),
    "with_relatives": N_("With relatives or friends"),
    "at_risk": N_("About to lose the flat"),
    "homeless": N_("Homeless"),
    "youth_housing": N_("Supported youth housing"),
}
LITERACY = {
    "latin": N_("Reads and writes Latin letters"),
    "other_script": N_("Reads and writes, but not yet Latin letters"),
    "none": N_("Cannot read or write yet"),
}
GENDERS = {"female": N_("Female"), "male": N_("Male"), "diverse": N_("Diverse")}
SITUATIONS = {
    "violence": N_("Experiencing violence"),
    "nursing_qualification": N_("Nurse with a foreign qualification"),
    "unaccompanied_minor": N_("Under 18 and in Germany without parents"),
    "single_parent": N_("Raises the children alone"),
}
RESIDENCE = {
    "recognised": N_("Recognised refugee or residence permit"),
    "temporary_protection": N_("Temporary protection (e.g. Ukraine)"),
    "asylum_seeker": N_("Asylum seeker"),
    "tolerated": N_("Tolerated (Duldung)"),
    "eu_citizen": N_("EU citizen"),
    "other": N_("Other"),
}
QUALIFICATIONS = {
    "none": N_("No school-leaving certificate"),
    "school": N_("School-leaving certificate"),
    "vocational": N_("Vocational qualification"),
    "university": N_("University degree"),
}
HEALTH = {
    "disability": N_("Disability"),
    "trauma": N_("Trauma or heavy burden"),
    "chronic_illness": N_("Chronic illness"),
    "care_for_relative": N_("Cares for a relative"),
}
AVAILABILITY = {
    "mornings": N_("Mornings"),
    "afternoons": N_("Afternoons"),
    "evenings": N_("Evenings"),
    "weekends": N_("Weekends"),
}
YES_NO = {"yes": N_("Yes"), "no": N_("No")}
# Languages people in Laatzen often speak, by their own names (not translated).
SPOKEN_LANGUAGES = {
    "ar": "العربية (Arabisch)", "fa": "فارسی / دری (Farsi/Dari)", "ku": "Kurdî (Kurdisch)", "tr": "Türkçe (Türkisch)",
    "uk": "Українська (Ukrainisch)", "ru": "Русский (Russisch)", "pl": "Polski (Polnisch)", "ro": "Română (Rumänisch)",
    "bg": "Български (Bulgarisch)", "ps": "پښتو (Paschtu)", "en": "English (Englisch)",
}  # fmt: skip
PLAN_LANGUAGES = {
    "de": "Deutsch", "de-easy": "Leichte Sprache", "en": "English", "ar": "العربية", "uk": "Українська",
    "ru": "Русский", "tr": "Türkçe", "fa": "فارسی",
}  # fmt: skip
SCREEN_LANGUAGES = {"de": "Deutsch", "en": "English"}
WEEKDAYS = {
    "monday": N_("Mon"), "tuesday": N_("Tue"), "wednesday": N_("Wed"), "thursday": N_("Thu"),
    "friday": N_("Fri"), "saturday": N_("Sat"), "sunday": N_("Sun"),
}  # fmt: skip
OUTCOMES = {
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "not_suitable": N_("Not suitable"),
    "completed": N_("Completed"),
}
