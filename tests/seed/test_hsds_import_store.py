"""What an import does to the catalogue: it withdraws only the offers the same services made before (or a Lotse
export names as its own), and never overwrites or removes an offer of another origin."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from models.database import create_engine, session_factory
from models.offer_table import Offer
from tests.seed.test_hsds_import import MAPPING, WEGWEISER, run_cli


def test_a_service_its_directory_now_lists_as_inactive_is_recommended_no_more(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, changed, exported = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", tmp_path / "later.json", tmp_path / "o.json"
    assert run_cli(monkeypatch, url, "import", str(WEGWEISER), "--mapping", str(MAPPING)) == 0
    document = json.loads(WEGWEISER.read_text(encoding="utf-8"))
    document["contents"][0]["status"] = "inactive"
    changed.write_text(json.dumps(document))
    assert run_cli(monkeypatch, url, "import", str(changed), "--mapping", str(MAPPING), "--dry-run") == 0
    assert f"\n  removed    {document['contents'][0]['id'].lower()}\n" in capsys.readouterr().out  # which one
    assert run_cli(monkeypatch, url, "import", str(changed), "--mapping", str(MAPPING)) == 0
    assert "0 updated, 5 unchanged, 1 removed; 3 services to review" in capsys.readouterr().out
    assert run_cli(monkeypatch, url, "export", str(exported)) == 0
    ids = [service["id"] for service in json.loads(exported.read_text())["contents"]]
    assert ids.count(document["contents"][0]["id"]) == 1, "once, as the directory sent it"


def test_a_service_to_review_never_removes_an_offer_of_another_origin(
    monkeypatch: pytest.MonkeyPatch, seeded_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A neighbouring directory's uncategorised service whose id (or lotse-offer id) equalled a hand-made offer's
    deleted that offer on an import without --replace (hostile-input hunt)."""
    neighbour = tmp_path / "neighbour.json"
    same_id = {"id": "ik-vhs-vormittag", "name": "Ein Angebot des Nachbarverzeichnisses"}
    named = {"id": "x1", "name": "Other", "attributes": [
        {"taxonomy_term": {"taxonomy": "lotse-offer", "code": "id"}, "value": "ik-frauen-rethen"}]}  # fmt: skip
    neighbour.write_text(json.dumps([same_id, named]))
    before = asyncio.run(_offer_ids(seeded_database_url))
    assert {"ik-vhs-vormittag", "ik-frauen-rethen"} <= before
    for _ in range(2):  # the second import took the hand-made offer's category as an editor's decision (review)
        assert run_cli(monkeypatch, seeded_database_url, "import", str(neighbour)) == 0
        assert "0 removed; 2 services to review" in capsys.readouterr().out
    assert asyncio.run(_offer_ids(seeded_database_url)) == before
    exported = tmp_path / "hand-made.json"
    assert run_cli(monkeypatch, seeded_database_url, "export", str(exported)) == 0
    usable = json.loads(WEGWEISER.read_text(encoding="utf-8"))
    usable["contents"][0]["id"] = "ik-vhs-vormittag"  # categorised by the mapping: it would replace the offer
    neighbour.write_text(json.dumps(usable))
    capsys.readouterr()
    assert run_cli(monkeypatch, seeded_database_url, "import", str(neighbour), "--mapping", str(MAPPING)) == 1
    assert "would overwrite the offer 'ik-vhs-vormittag'" in capsys.readouterr().err
    again = tmp_path / "after.json"
    assert run_cli(monkeypatch, seeded_database_url, "export", str(again)) == 0
    assert again.read_text() == exported.read_text()  # nothing was imported


async def _offer_ids(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return set(await session.scalars(select(Offer.id)))
    finally:
        await engine.dispose()


def test_an_offer_a_lotse_export_lists_as_inactive_is_withdrawn(
    monkeypatch: pytest.MonkeyPatch, seeded_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Lotse export stores no directory entries: the rule that withdraws only what an earlier import made
    withdrew nothing for Lotse's own files (review)."""
    exported, empty = tmp_path / "export.json", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    assert run_cli(monkeypatch, seeded_database_url, "export", str(exported)) == 0
    assert run_cli(monkeypatch, empty, "import", str(exported)) == 0
    document = json.loads(exported.read_text())
    document["contents"][0]["status"] = "inactive"
    exported.write_text(json.dumps(document))
    capsys.readouterr()
    assert run_cli(monkeypatch, empty, "import", str(exported)) == 0
    assert "1 removed; 1 services to review" in capsys.readouterr().out
