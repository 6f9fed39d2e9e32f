"""A counsellor's case reference: short and non-identifying. A code has a digit, and letters only as
abbreviations ("F", "LZ", "MBE", "SPFH", "BuT"), words of the counselling's own ("Kita 3", "Akte 12",
"Jobcenter 3", "Nord 2") or compounds ending in one ("Sprachkurs 2"); names (in any script and any case, also with
a number: "Ahmad1", "Müller 3"), birth dates (also without separators), phone numbers and addresses are refused;
the screen asks for a code instead. An all-capital name of up to four letters ("ALI 3") or of two letters
("Li 3") passes: the rule cannot tell it from an abbreviation (docs/privacy.md)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.taxonomy import N_

MAX_LENGTH = 30
ALLOWED = re.compile(r"^[\w .#/-]{1,30}$")
# "Anna Müller", "Herr Yilmaz", "Fam. Petrenko": capitalised words that read like names.
NAME_CASED = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]{2,}\s+[A-ZÄÖÜ][a-zäöüß]{2,}\b")
BIRTH_DATE = re.compile(r"\b(\d{1,2}[./-]\d{1,2}[./-](\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2})\b")
CAPITALISED = re.compile(r"[A-ZÄÖÜ][a-zäöüß]{2,}")
WORD = re.compile(r"[^\W\d_]{3,}")  # three letters or more, of any script: "Anna", "MÜLLER", "علي"
ADDRESS = re.compile(r"(stra(ss|ß)e|str\.|weg|platz|allee|ring|gasse)\s*\d", re.IGNORECASE)
# A day, month and year of birth without separators ("12031985", "12 03 1985" once spaces are taken out), years
# 1900–2029.
COMPACT_DATE = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(19\d\d|20[0-2]\d)(?!\d)")
# An area code and a number, once spaces are taken out ("0511 1234567", "0151-12345678", "0511 / 12 34 56"); a
# file number with a leading zero inside a code ("F-0112-2026-03", "0471-2026-17") is none.
PHONE = re.compile(r"(?<![\w./-])0[1-9]\d{1,4}[/-]?\d{5,8}(?![\w./-])")
# Words a counsellor's code may hold, and the ends of compounds ("Sprachkurs", "Elterncafe"); any other word of
# three letters or more may be a name ("Ali 3").
CODE_WORDS = frozenset({
    "akte", "fall", "fam", "kita", "krippe", "hort", "kurs", "schule", "team", "gruppe", "termin", "vorgang",
    "beratung", "job", "jobcenter", "ref", "case", "file", "lfd", "eltern", "kind", "kinder", "jugend", "familie",
    "sprache", "arbeit", "wohnen", "gesundheit", "integration", "ausbildung", "asyl", "cafe", "café", "treff",
    "laatzen", "mitte", "rethen", "gleidingen", "grasdorf", "ingeln", "oesselse", "nord", "süd", "sued", "ost", "west",
})  # fmt: skip
COMPOUND_ENDS = ("kurs", "gruppe", "beratung", "cafe", "café", "treff", "schule", "kita", "termin", "akte", "team")
FOLLOW_UP_WITHIN = timedelta(days=366)


def check_case_reference(raw: str) -> tuple[str | None, str | None]:
    """(the reference, None) or (None, the problem in words, to translate); an empty reference is None."""
    value = " ".join(raw.split())
    if not value:
        return None, None
    if len(value) > MAX_LENGTH or not ALLOWED.match(value):
        return None, N_("Use up to 30 letters, digits, spaces and - . / # (a code such as F-2611-03).")
    if BIRTH_DATE.search(value) or COMPACT_DATE.search(value.replace(" ", "")):
        return None, N_("This looks like a date of birth. Use a code that identifies no one.")
    if PHONE.search(value.replace(" ", "")):
        return None, N_("This looks like a phone number. Use a code that identifies no one.")
    if ADDRESS.search(value):
        return None, N_("This looks like an address. Use a code that identifies no one.")
    if (
        NAME_CASED.search(value)
        or re.search(r"\b(herr|frau|familie|fam\.?)\s+[^\W\d_]", value, re.IGNORECASE)  # "Fam. Petrenko", not "Fam 14"
        or len(WORD.findall(value)) > 1  # "ANNA MÜLLER", "anna müller", "محمد علي"
        or len(CAPITALISED.findall(value)) > 1  # "AnnaMüller1"
        or not re.search(r"[0-9]", value)  # a code has a number (0–9; "²" is none); a name alone has none
        or not all(_code_word(word) for word in WORD.findall(value))  # "Ahmad1", "Müller 3"
    ):
        return None, N_("This looks like a name. Use a code that identifies no one (such as F-2611-03).")
    return value, None


def _code_word(word: str) -> bool:
    """A word a code may hold: one of the counselling's own, a compound ending in one, or an abbreviation (up to
    four letters, all capitals or with a capital inside: "SPFH", "BuT", "WiKo")."""
    lower = word.lower()
    if lower in CODE_WORDS or (len(lower) > 6 and lower.endswith(COMPOUND_ENDS)):
        return True
    return len(word) <= 4 and (word.isupper() or sum(letter.isupper() for letter in word[1:]) >= 1)


def check_follow_up(raw: str, today: date) -> tuple[date | None, str | None]:
    if not raw.strip():
        return None, None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None, N_("Enter a date such as 2026-12-15.")
    if not today <= day <= today + FOLLOW_UP_WITHIN:
        return None, N_("Choose a day from today to one year ahead.")
    return day, None
