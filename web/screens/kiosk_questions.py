"""The kiosk's questions: one per screen, answered by tapping; plain words, no typing."""

from __future__ import annotations

from dataclasses import dataclass

from models.district import DISTRICT_NAMES
from models.taxonomy import N_, PRIORITY_LABELS, FieldOfAction


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    hint: str = ""
    icon: str = ""  # a pictogram in web/static/pictograms (SVG, no emoji font needed)


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    text: str
    options: tuple[Option, ...]
    several: bool = False  # several answers may be chosen
    optional: bool = False  # may be skipped
    hint: str = ""  # a line under the question


CHILD_BANDS = {"0-2": 1, "3-5": 4, "6-11": 8, "12-17": 14}  # band → the age that stands for it

QUESTIONS: tuple[Question, ...] = (
    Question("german_level", N_("How much German do you speak?"), (
        Option("none", N_("No German yet"), N_("I do not speak German yet."), "german-none"),
        Option("A1", N_("A little"), N_("I can say who I am."), "german-A1"),
        Option("A2", N_("Some"), N_("I can shop and ask the way."), "german-A2"),
        Option("B1", N_("Quite well"), N_("I can talk about everyday things."), "german-B1"),
        Option("B2", N_("Well"), N_("I can follow most conversations."), "german-B2"),
        Option("C1", N_("Very well"), N_("I speak German almost without effort."), "german-C1"),
    )),
    Question("children", N_("Do you have children under 18? How old are they?"), (
        Option("0-2", N_("0 to 2 years"), icon="children-0-2"),
        Option("3-5", N_("3 to 5 years"), icon="children-3-5"),
        Option("6-11", N_("6 to 11 years"), icon="children-6-11"),
        Option("12-17", N_("12 to 17 years"), icon="children-12-17"),
    ), several=True, hint=N_("No children under 18? Then just tap “Next”.")),
    Question("work", N_("What about work?"), (
        Option("job_seeking", N_("I am looking for work"), icon="work-job_seeking"),
        Option("employed", N_("I have work"), icon="work-employed"),
        Option("in_training", N_("I am in training or at school"), icon="work-in_training"),
        Option("not_permitted", N_("I am not allowed to work"), icon="work-not_permitted"),
        Option("not_seeking", N_("I am not looking for work now"), icon="work-not_seeking"),
        Option("retired", N_("I am retired"), icon="work-retired"),
    )),
    Question("housing", N_("Where do you live?"), (
        Option("own_flat", N_("In my own flat"), icon="housing-own_flat"),
        Option("municipal_flat", N_("In a flat of the town"), icon="housing-municipal_flat"),
        Option("shared_accommodation", N_("In shared accommodation"), icon="housing-shared_accommodation"),
        Option("with_relatives", N_("With relatives or friends"), icon="housing-with_relatives"),
        Option("at_risk", N_("I may lose my flat soon"), icon="housing-at_risk"),
        Option("homeless", N_("I have no place to live"), icon="housing-homeless"),
    )),
    Question("district", N_("Where in Laatzen do you live?"),
             tuple(Option(district.value, name, icon="district") for district, name in DISTRICT_NAMES.items()), optional=True),
    Question("priorities", N_("What matters most to you now?"),
             tuple(Option(field.value, PRIORITY_LABELS[field], icon=f"field-{field.value}") for field in FieldOfAction),
             several=True, optional=True),
)  # fmt: skip
