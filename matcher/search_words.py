"""What a person (or a counsellor at a directory's search box) would type for a profile: German keywords
for each stated fact. The keyword-search baseline (BM25) searches with these words; they know nothing of
Lotse's needs or model."""

from __future__ import annotations

from models.profile import GermanLevel, HealthNeed, Housing, Literacy, NeedsProfile, Work
from models.taxonomy import FIELD_LABELS

_WORK = {
    Work.JOB_SEEKING: "Arbeit Job Beratung",
    Work.IN_TRAINING: "Ausbildung",
    Work.NOT_PERMITTED: "Arbeitserlaubnis",
    Work.IN_SCHOOL: "Schule Jugendliche",
    Work.RETIRED: "Senioren",
    Work.SELF_EMPLOYED: "Selbstständig",
}
_HOUSING = {
    Housing.HOMELESS: "Notunterkunft obdachlos Wohnung",
    Housing.AT_RISK: "Wohnung Miete Räumung Hilfe",
    Housing.SHARED_ACCOMMODATION: "Wohnung suchen",
    Housing.WITH_RELATIVES: "Wohnung suchen",
    Housing.YOUTH_HOUSING: "Jugendliche",
}
_HEALTH = {
    HealthNeed.TRAUMA: "psychosoziale Beratung Trauma",
    HealthNeed.DISABILITY: "Behinderung barrierefrei",
    HealthNeed.CHRONIC_ILLNESS: "Gesundheit Arzt",
    HealthNeed.CARE_FOR_RELATIVE: "Pflege Angehörige",
}


def profile_words(profile: NeedsProfile) -> str:
    """The search words for ``profile``, as one string."""
    words: list[str] = []
    if profile.german_level.rank <= GermanLevel.A2.rank:
        words.append("Deutschkurs Integrationskurs")
    elif profile.german_level.rank <= GermanLevel.B2.rank:
        words.append("Deutsch Beruf")
    if profile.literacy in (Literacy.NONE, Literacy.OTHER_SCRIPT):
        words.append("lesen schreiben Alphabet")
    if profile.pregnant:
        words.append("Schwangerschaft Hebamme")
    if profile.has_child_between(0, 2):
        words.append("Baby Krippe")
    if profile.has_child_between(1, 5):
        words.append("Kita Kinder")
    if profile.has_child_between(6, 17):
        words.append("Schule Kinder")
    if profile.single_parent:
        words.append("alleinerziehend")
    if profile.unaccompanied_minor:
        words.append("Jugendliche Migration")
    words.append(_WORK.get(profile.work, ""))
    words.append(_HOUSING.get(profile.housing, ""))
    words += [_HEALTH[need] for need in profile.health]
    if profile.foreign_qualification:
        words.append("Anerkennung Abschluss")
    if profile.months_in_germany is not None and profile.months_in_germany < 6:
        words.append("Ankommen Orientierung")
    if profile.age is not None and profile.age >= 65:
        words.append("Senioren")
    words += [FIELD_LABELS[field].de for field in profile.priorities]
    return " ".join(word for word in words if word)
