"""``lotse import FILE [--mapping MAP.toml] [--dry-run] [--replace]``: an HSDS directory into the catalogue."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.trainer import TrainingReport
from models.catalogue import OFFER_WITH_CHILDREN, Catalogue, StoreSummary, as_stored, store_catalogue
from models.database import create_engine, session_factory, use_schema
from models.directory import offers_made_by_imports, taken_ids
from models.district import District
from models.offer_table import Offer
from seed.hsds.mapping import MappingError, TermMapping, read_mapping
from seed.hsds.parse import Decision, DirectoryRead, HsdsImportError, read_directory
from seed.hsds.reader import Problem
from web.access.audit import record
from web.bootstrap import cold_start_note, train_if_no_model
from web.settings import Settings


class IdTakenError(HsdsImportError):
    """Services that would overwrite offers they did not make; nothing is imported."""


_IGNORED = {"updated_at", "confirmed_at"}  # every import renews them; not a change worth listing


def add_import_command(commands: Any) -> None:
    importer = commands.add_parser(
        "import",
        help="import an HSDS 3 directory (JSON); a file that is not HSDS imports nothing",
        description="Imports every service of an HSDS 3.0 file. Services Lotse cannot recommend yet (no Lotse "
        "category, no place in Laatzen, not active) are kept to review; values Lotse cannot use are "
        "named as warnings and dropped. Everything else of the file is kept for the export.",
    )
    importer.add_argument("file", type=Path, help="HSDS JSON file, or - for standard input")
    importer.add_argument("--mapping", type=Path, help="TOML file mapping another taxonomy's terms to Lotse categories")
    importer.add_argument("--dry-run", action="store_true", help="show what would change and store nothing")
    importer.add_argument("--replace", action="store_true", help="remove every offer that is not in the file")
    importer.set_defaults(run=run_import)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    try:
        raw = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
        mapping = read_mapping(args.mapping.read_text(encoding="utf-8-sig")) if args.mapping else None  # BOM or not
    except OSError as error:
        print(f"lotse import: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    except (MappingError, UnicodeDecodeError) as error:
        problems = error.problems if isinstance(error, MappingError) else [str(error)]
        print(f"lotse import: nothing was imported; the mapping {args.mapping} cannot be used:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    try:
        summary, read, changes, trained = asyncio.run(_import(settings, raw, mapping, args))
    except IdTakenError as error:
        print(f"lotse import: nothing was imported; {len(error.problems)} service(s) of {args.file} would overwrite "
              "offers of another origin (give them other ids, or remove those offers first):", file=sys.stderr)  # fmt: skip
        for found in error.problems:
            print(f"  {found}", file=sys.stderr)
        return 1
    except HsdsImportError as error:
        print(f"lotse import: nothing was imported; {args.file} is not an HSDS directory Lotse can read "
              f"({len(error.problems)} problem(s)):", file=sys.stderr)  # fmt: skip
        for found in error.problems:
            print(f"  {found}", file=sys.stderr)
        return 1
    _report(args, summary, read, changes)
    if trained is not None:
        print(cold_start_note(trained))
    return 0


async def _import(
    settings: Settings, raw: bytes, mapping: TermMapping | None, args: argparse.Namespace
) -> tuple[StoreSummary, DirectoryRead, list[str], TrainingReport | None]:
    engine = create_engine(settings.database_url)
    try:
        await use_schema(engine)
        async with session_factory(engine)() as session, session.begin():
            read = read_directory(raw, mapping=mapping, decisions=await _decisions(session))
            await _refuse_taken_ids(session, read)
            changes = await offer_changes(session, read.catalogue)
            summary = await store_catalogue(session, read.catalogue, replace=args.replace)
            source = "-" if str(args.file) == "-" else args.file.name
            unchanged = unchanged_count(changes)
            record(session, "cli", "catalogue_imported", source[-120:], created=summary.created,
                   updated=summary.updated - unchanged, unchanged=unchanged, removed=summary.removed,
                   replace=args.replace,
                   to_review=summary.to_review, warnings=len(read.warnings), dry_run=args.dry_run)  # fmt: skip
            if args.dry_run:
                await session.rollback()
        return summary, read, changes, None if args.dry_run else await train_if_no_model(engine)
    finally:
        await engine.dispose()


async def _decisions(session: AsyncSession) -> dict[str, Decision]:
    """Category and district of every offer an earlier import created (an editor may have chosen them): not of an
    offer that merely has the id of a service waiting for review (made by hand, or from another directory)."""
    made = sorted({lotse_id for _, lotse_id in await offers_made_by_imports(session)})
    rows = await session.execute(select(Offer.id, Offer.category, Offer.district).where(Offer.id.in_(made)))
    return {offer_id: Decision(category, District(district)) for offer_id, category, district in rows}


async def _refuse_taken_ids(session: AsyncSession, read: DirectoryRead) -> None:
    """All or nothing: a service of another directory that would overwrite an offer it did not make refuses the
    file (an import could silently replace a hand-made offer whose id the service happened to have)."""
    ids = {source.lotse_id for source in read.catalogue.sources}
    existing = set(await session.scalars(select(Offer.id).where(Offer.id.in_(sorted(ids))))) if ids else set()
    taken = await taken_ids(session, read.catalogue.sources, existing)
    if taken:
        raise IdTakenError([Problem(f"service {source.hsds_id!r}", f"would overwrite the offer {source.lotse_id!r}, "
                                    "which did not come from it (made by hand or from another directory)")
                            for source in taken])  # fmt: skip


async def offer_changes(session: AsyncSession, catalogue: Catalogue) -> list[str]:
    """One line per offer of the file: new, changed (which fields) or unchanged."""
    ids = [offer.id for offer in catalogue.offers]
    existing = {
        offer.id: offer.to_record()
        for offer in (await session.scalars(select(Offer).options(*OFFER_WITH_CHILDREN).where(Offer.id.in_(ids))))
    }
    lines = []
    for offer in map(as_stored, catalogue.offers):
        before = existing.get(offer.id)
        title = offer.titles["de"][:60]
        if before is None:
            lines.append(f"  new        {offer.id}  {title}")
            continue
        fields = [name for name in offer.__struct_fields__ if name not in _IGNORED
                  and msgspec.to_builtins(getattr(offer, name)) != msgspec.to_builtins(getattr(before, name))]  # fmt: skip
        word = "changed" if fields else "unchanged"
        lines.append(f"  {word:<10} {offer.id}  {title}" + (f"  ({', '.join(fields)})" if fields else ""))
    return lines


def unchanged_count(changes: list[str]) -> int:
    """Offers of the file that are already as it says (``offer_changes``' lines)."""
    return sum(line.startswith("  unchanged") for line in changes)


def _report(args: argparse.Namespace, summary: StoreSummary, read: DirectoryRead, changes: list[str]) -> None:
    reasons = Counter(reason.value for source in read.catalogue.sources for reason in source.review)
    verb = "Would import" if args.dry_run else "Imported"
    unchanged = unchanged_count(changes)
    print(f"{verb} {args.file}: {summary.created} offers created, {summary.updated - unchanged} updated, "
          f"{unchanged} unchanged, {summary.removed} removed; {summary.to_review} services to review"
          + (f" ({', '.join(f'{reason}: {n}' for reason, n in sorted(reasons.items()))})" if reasons else "")
          + f"; {len(read.warnings)} warning(s).")  # fmt: skip
    if args.dry_run:
        print("Dry run: nothing was stored. The offers of the file:")
        for line in changes:
            print(line)
        for source in read.catalogue.sources:
            if source.review:
                print(f"  to review  {source.hsds_id}  {source.name[:60]}  ({', '.join(source.review)})")
        for offer_id in summary.removed_offers:
            print(f"  removed    {offer_id}")
    if read.warnings:
        print("Values Lotse cannot use were dropped (the export keeps them as they were):")
        for warning in read.warnings:
            print(f"  {warning}")
    if summary.to_review and not args.dry_run:
        print("Services to review wait for an editor at /verwaltung/pruefen, or for a mapping (--mapping).")
