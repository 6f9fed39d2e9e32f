"""The steering page's tables, in the screen language: the same tables are the page's data tables, its CSV
downloads and (as cells) the charts. Every plan count is a ``Cell`` that already obeys the small-numbers rule."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from models.district import DISTRICT_NAMES, District
from models.referral import ReferralStatus
from models.taxonomy import CATEGORY_LABELS, FIELD_LABELS, N_, FieldOfAction, Translate
from web.steering.reports import DISTRICTS, FIELDS, STATUSES, OfferSupply, PlanCounts
from web.steering.suppression import Cell, Key

TABLE_NAMES = ("needs-by-month", "needs-by-district", "unmet-by-district", "offers-and-demand", "referral-outcomes")
STATUS_LABELS = {
    ReferralStatus.REFERRED: N_("Referred"),
    ReferralStatus.ACCEPTED: N_("Accepted"),
    ReferralStatus.DECLINED: N_("Declined"),
    ReferralStatus.STARTED: N_("Started"),
    ReferralStatus.COMPLETED: N_("Completed"),
    ReferralStatus.DROPPED: N_("Dropped out"),
}


@dataclass(frozen=True, slots=True)
class ReportTable:
    name: str  # the CSV's file name
    caption: str
    corner: str  # the heading of the row headings
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]

    def csv(self) -> str:
        """Comma-separated, with the texts of the page ("< 5", "x") for hidden cells."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([self.corner, *self.columns])
        writer.writerows([heading, *(c.text for c in cells)] for heading, cells in self.rows)
        return out.getvalue()


@dataclass(frozen=True, slots=True)
class Labels:
    language: str
    gettext: Translate

    def field(self, code: str) -> str:
        return FIELD_LABELS[FieldOfAction(code)].in_language(self.language, self.gettext)

    def district(self, code: str | None) -> str:
        return DISTRICT_NAMES[District(code)] if code else self.gettext("Not given")

    def category(self, code: str) -> str:
        return CATEGORY_LABELS[code].in_language(self.language, self.gettext)

    def month(self, month: str) -> str:
        year, number = month.split("-")
        return format_date(date(int(year), int(number), 1), "MMM y", locale=self.language)


def needs_by_month(counts: PlanCounts, labels: Labels) -> ReportTable:
    _ = labels.gettext
    cells, totals = counts.needs(("field", "month")), counts.needs(("field",))
    months = counts.period.months
    return ReportTable(
        "needs-by-month",
        _("Plans with a need per field of action and month"),
        _("Field of action"),
        [*(labels.month(m) for m in months), _("Total")],
        [(labels.field(f), [*(cells[f, m] for m in months), totals[(f,)]]) for f in FIELDS],
    )


def needs_by_district(counts: PlanCounts, labels: Labels) -> ReportTable:
    _ = labels.gettext
    cells, totals = counts.needs(("field", "district")), counts.needs(("field",))
    plans = counts.needs(("district",))
    return ReportTable(
        "needs-by-district",
        _("Plans with a need per field of action and district"),
        _("Field of action"),
        [*(labels.district(d) for d in DISTRICTS), _("Total")],
        [
            (_("All plans"), [*(plans[(d,)] for d in DISTRICTS), counts.total()]),
            *((labels.field(f), [*(cells[f, d] for d in DISTRICTS), totals[(f,)]]) for f in FIELDS),
        ],
    )


def unmet_by_district(counts: PlanCounts, labels: Labels) -> ReportTable:
    _ = labels.gettext
    cells, totals = counts.unmet(), counts.unmet_per_category()
    categories = list(dict.fromkeys(str(code) for code, _district in cells))
    return ReportTable(
        "unmet-by-district",
        _("Plans with a need but no eligible offer, per category and district"),
        _("Category"),
        [*(labels.district(d) for d in DISTRICTS), _("Total")],
        [(labels.category(c), [*(cells[c, d] for d in DISTRICTS), totals[c]]) for c in categories],
    )


def offers_and_demand(counts: PlanCounts, supply: dict[tuple[str, str], OfferSupply], labels: Labels) -> ReportTable:
    """Per field: all districts first, then each district (offers always have one)."""
    _ = labels.gettext
    demand, totals = counts.needs(("field", "district")), counts.needs(("field",))
    rows: list[tuple[str, list[Cell]]] = []
    for f in FIELDS:
        parts = [supply[f, d.value] for d in District]
        rows.append(
            (
                _("{field}: all districts").format(field=labels.field(f)),
                [Cell(sum(p.offers for p in parts)), Cell(sum(p.free_places for p in parts)),
                 Cell(sum(p.without_places for p in parts)), totals[(f,)]],
            )
        )  # fmt: skip
        for d in District:
            p = supply[f, d.value]
            rows.append(
                (
                    f"{labels.field(f)}: {labels.district(d.value)}",
                    [Cell(p.offers), Cell(p.free_places), Cell(p.without_places), demand[f, d.value]],
                )
            )
    return ReportTable(
        "offers-and-demand",
        _("Offers, free places and plans with a need, per field of action and district"),
        _("Field of action and district"),
        [_("Offers"), _("Free places"), _("Offers without a place count"), _("Plans with a need")],
        rows,
    )


def referral_outcomes(cells: dict[Key, Cell], labels: Labels) -> ReportTable:
    _ = labels.gettext
    return ReportTable(
        "referral-outcomes",
        _("Plans with referrals per field of action, by what became of the referral"),
        _("Field of action"),
        [*(_(STATUS_LABELS[ReferralStatus(s)]) for s in STATUSES), _("Total")],
        [(labels.field(f), [*(cells[f, s] for s in STATUSES), cells[f, None]]) for f in FIELDS],
    )
