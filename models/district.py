"""Laatzen's six districts (Ortsteile): codes and names."""

from __future__ import annotations

from enum import StrEnum


class District(StrEnum):
    ALT_LAATZEN = "alt-laatzen"
    LAATZEN_MITTE = "laatzen-mitte"
    GRASDORF = "grasdorf"
    RETHEN = "rethen"
    GLEIDINGEN = "gleidingen"
    INGELN_OESSELSE = "ingeln-oesselse"


DISTRICT_NAMES: dict[District, str] = {
    District.ALT_LAATZEN: "Alt-Laatzen",
    District.LAATZEN_MITTE: "Laatzen-Mitte",
    District.GRASDORF: "Grasdorf",
    District.RETHEN: "Rethen",
    District.GLEIDINGEN: "Gleidingen",
    District.INGELN_OESSELSE: "Ingeln-Oesselse",
}
