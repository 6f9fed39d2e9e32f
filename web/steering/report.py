"""The steering group's picture for one period and language: tables, their charts, and per field of action its
numbers beside the town's goals and measures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.offer_matrix import OfferMatrix
from models.district import District
from models.taxonomy import FieldOfAction, Translate
from seed.concept import integration_concept
from web.steering import tables
from web.steering.charts import ChartText, heat_map, line_chart, paired_bars
from web.steering.period import Period
from web.steering.reports import FIELDS, offer_supply, plan_counts, referral_outcomes
from web.steering.suppression import Cell
from web.steering.tables import Labels, ReportTable


@dataclass(frozen=True, slots=True)
class Section:
    table: ReportTable
    chart: Markup


@dataclass(frozen=True, slots=True)
class FieldPicture:
    code: str
    label: str
    plans_with_need: Cell
    offers: int
    free_places: int
    goals: list[str]
    measures: list[str]


@dataclass(frozen=True, slots=True)
class SteeringReport:
    period: Period
    plans: Cell
    sections: list[Section]
    fields: list[FieldPicture]

    def table(self, name: str) -> ReportTable | None:
        return next((s.table for s in self.sections if s.table.name == name), None)


def _without_total(table: ReportTable) -> list[list[Cell]]:
    return [cells[:-1] for _heading, cells in table.rows]


async def steering_report(
    session: AsyncSession, period: Period, matrix: OfferMatrix | None, language: str, gettext: Translate
) -> SteeringReport:
    _ = gettext
    labels = Labels(language, gettext)
    counts = await plan_counts(session, period, matrix)
    supply = await offer_supply(session, date.today())
    referrals = await referral_outcomes(session, period)
    see_table = _("The numbers are in the table below the chart.")

    by_month = tables.needs_by_month(counts, labels)
    by_district = tables.needs_by_district(counts, labels)
    unmet = tables.unmet_by_district(counts, labels)
    offers = tables.offers_and_demand(counts, supply, labels)
    outcomes = tables.referral_outcomes(referrals, labels)
    town_rows = [cells for _heading, cells in offers.rows[:: len(District) + 1]]
    sections = [
        Section(by_month, line_chart(
            ChartText("chart-needs-by-month", by_month.caption,
                      _("A line per field of action over the months; gaps are months with fewer than 5 plans.")
                      + " " + see_table),
            by_month.columns[:-1], [(heading, cells[:-1]) for heading, cells in by_month.rows])),
        Section(by_district, heat_map(
            ChartText("chart-needs-by-district", by_district.caption,
                      _("A grid of fields of action and districts; darker boxes are more plans.") + " " + see_table),
            [heading for heading, _cells in by_district.rows], by_district.columns[:-1], _without_total(by_district))),
        Section(unmet, heat_map(
            ChartText("chart-unmet-by-district", unmet.caption,
                      _("A grid of categories and districts; darker boxes are more plans.") + " " + see_table),
            [heading for heading, _cells in unmet.rows], unmet.columns[:-1], _without_total(unmet))),
        Section(offers, paired_bars(
            ChartText("chart-offers-and-demand", _("Free places and plans with a need, per field of action"),
                      _("Two bars per field of action: free places (solid) and plans with a need (hatched), "
                        "all districts together.") + " " + see_table),
            [labels.field(f) for f in FIELDS], (_("Free places"), _("Plans with a need")),
            [(cells[1], cells[3]) for cells in town_rows])),
        Section(outcomes, heat_map(
            ChartText("chart-referral-outcomes", outcomes.caption,
                      _("A grid of fields of action and what became of referrals; darker boxes are more plans.")
                      + " " + see_table),
            [heading for heading, _cells in outcomes.rows], outcomes.columns[:-1], _without_total(outcomes))),
    ]  # fmt: skip
    concept = integration_concept()
    field_totals = counts.needs(("field",))
    pictures = [
        FieldPicture(
            code=f,
            label=labels.field(f),
            plans_with_need=field_totals[(f,)],
            offers=town[0].plans or 0,
            free_places=town[1].plans or 0,
            goals=concept[FieldOfAction(f)].goals(language),
            measures=concept[FieldOfAction(f)].measures(language),
        )
        for f, town in zip(FIELDS, town_rows, strict=True)
    ]
    return SteeringReport(period, counts.total(), sections, pictures)
