"""An editor's decision on an imported service that waits for review: its category and, where the directory
names no place in Laatzen, the district it serves. The service is read again from its own document."""

from __future__ import annotations

import json

from models.catalogue import Catalogue
from models.directory import ReviewReason, SourceRecord
from models.district import District
from models.taxonomy import CATEGORY_CODES
from seed.hsds.parse import Decision, read_directory

DECIDABLE = frozenset({ReviewReason.NO_CATEGORY, ReviewReason.NO_DISTRICT})


class StillToReviewError(ValueError):
    """The decision does not make the service usable (``reasons`` say what else is missing)."""

    def __init__(self, reasons: list[ReviewReason]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


def decided(source: SourceRecord, category: str, district: District) -> Catalogue:
    """The catalogue part (offer, provider, entries) that ``source`` becomes with the editor's decision."""
    if category not in CATEGORY_CODES:
        raise ValueError(f"unknown category code {category!r}")
    read = read_directory(json.dumps([source.document]), decisions={source.lotse_id: Decision(category, district)})
    [entry] = [s for s in read.catalogue.sources if s.hsds_id == source.hsds_id and s.kind is source.kind]
    if entry.review or not read.catalogue.offers:
        raise StillToReviewError(entry.review)
    return read.catalogue
