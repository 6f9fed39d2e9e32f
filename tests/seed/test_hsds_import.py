"""Importing real HSDS directories: the specification's own examples and a German directory with another
taxonomy, several places and a mapping file; the re-export keeps every field of the input."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from models.directory import ReviewReason
from seed.hsds.directory import ServiceQuery, directory_of
from seed.hsds.documents import catalogue_to_hsds
from seed.hsds.mapping import MappingError, read_mapping
from seed.hsds.parse import HsdsImportError, read_directory
from tests import hsds_spec as spec
from web.cli import main

HERE = Path(__file__).parent / "directories"
WEGWEISER = HERE / "wegweiser-laatzen.json"
MAPPING = HERE / "wegweiser-mapping.toml"
EXPECTED = tomllib.loads((HERE / "expected.toml").read_text(encoding="utf-8"))


def leaves(value: Any, path: str = "$") -> dict[str, Any]:
    """Every scalar of ``value`` by its JSON path."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in leaves(item, f"{path}.{key}").items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in leaves(item, f"{path}[{i}]").items()}
    return {path: value}


def missing_in(exported: dict[str, Any], services: list[dict[str, Any]]) -> list[str]:
    """The fields of the input services that the export does not give back unchanged."""
    by_id = {service["id"]: service for service in exported["contents"]}
    lost = []
    for service in services:
        out = leaves(by_id.get(service["id"], {}))
        lost += [f"{path}={value!r}" for path, value in leaves(service).items() if out.get(path, ...) != value]
    return lost


def test_the_german_directory_imports_as_a_counsellor_would_file_it() -> None:
    read = read_directory(WEGWEISER.read_bytes(), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    offers = {offer.id: offer for offer in read.catalogue.offers}
    reviews = {source.hsds_id: source for source in read.catalogue.sources if source.review}
    for hsds_id, expected in EXPECTED.items():
        if not expected["category"] or not expected["district"]:
            assert hsds_id in reviews, expected["name"]
            reasons = [ReviewReason.NO_CATEGORY] if not expected["category"] else []
            assert reviews[hsds_id].review == reasons + ([] if expected["district"] else [ReviewReason.NO_DISTRICT])
            continue
        offer = offers[hsds_id]  # a lower-case UUID is its own Lotse id
        assert offer.titles == {"de": expected["name"]}
        assert offer.category == expected["category"]
        assert offer.district == expected["district"]
        assert [offer.district, *(place.district or "" for place in offer.places)] == expected["districts"]
        assert 1 + len(offer.places) == expected["locations"]
        assert offer.eligibility.min_age == expected.get("min_age")
        assert offer.eligibility.max_age == expected.get("max_age")
        if expected.get("cost_amount"):
            assert offer.cost.amount_eur == expected["cost_amount"] and expected["cost_currency"] == "EUR"
        else:
            assert offer.cost.free


def test_another_currency_is_kept_and_shown_with_it() -> None:
    document = json.loads(WEGWEISER.read_text(encoding="utf-8"))
    document["contents"][7]["cost_options"][0].update(currency="chf", amount=30)
    read = read_directory(json.dumps(document), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    [offer] = [o for o in read.catalogue.offers if o.id == document["contents"][7]["id"]]
    assert (offer.cost.amount_eur, offer.cost.amount, offer.cost.currency) == (None, 30, "CHF")
    assert offer.cost.label() == "30.00 CHF"


def test_a_mapping_file_with_mistakes_names_every_one() -> None:
    text = '[[term]]\ntaxonomy = "X"\nterm = "a"\ncategory = "arbeit.astrology"\n\n[[term]]\nterm = "b"\n'
    with pytest.raises(MappingError) as raised:
        read_mapping(text)
    assert len(raised.value.problems) == 2
    assert "arbeit.astrology" in raised.value.problems[0] and "needs taxonomy, category" in raised.value.problems[1]
    with pytest.raises(MappingError, match="not valid TOML"):
        read_mapping("[[term]\n")


def run_cli(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("LOTSE_DATABASE_URL", url)
    return main(list(argv))


def test_import_keeps_every_field_and_an_editors_decision(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "out.json"
    assert run_cli(monkeypatch, database_url, "import", str(WEGWEISER), "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "Would import" in dry and "8 services to review" in dry and "Dry run: nothing was stored" in dry
    assert run_cli(monkeypatch, database_url, "export", str(exported)) == 0
    assert json.loads(exported.read_text())["contents"] == []

    assert run_cli(monkeypatch, database_url, "import", str(WEGWEISER), "--mapping", str(MAPPING)) == 0
    out = capsys.readouterr().out
    assert "6 offers created" in out and "2 services to review (no_category: 1, no_district: 1)" in out
    assert run_cli(monkeypatch, database_url, "export", str(exported)) == 0
    services = json.loads(WEGWEISER.read_text(encoding="utf-8"))["contents"]
    assert missing_in(json.loads(exported.read_text()), services) == []

    assert run_cli(monkeypatch, database_url, "import", str(WEGWEISER), "--dry-run") == 0
    again = capsys.readouterr().out
    assert "0 offers created, 0 updated, 6 unchanged" in again and again.count("\n  unchanged") == 6, (
        "earlier decisions hold"
    )


def test_a_file_that_is_not_hsds_imports_nothing_and_says_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    other = tmp_path / "people.json"
    other.write_text(json.dumps([{"vorname": "A"}, {"vorname": "B"}]))
    assert run_cli(monkeypatch, url, "import", str(other)) == 1
    error = capsys.readouterr().err
    assert "nothing was imported" in error and "$[0].id" in error and "$[1].name" in error
    bad_mapping = tmp_path / "map.toml"
    bad_mapping.write_text('[[term]]\ntaxonomy = "X"\nterm = "a"\ncategory = "nope"\n')
    assert run_cli(monkeypatch, url, "import", str(WEGWEISER), "--mapping", str(bad_mapping)) == 2
    assert "unknown Lotse category 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json"])
def test_the_specifications_examples_import_and_come_back_whole(
    example: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = spec.require_hsds() / "examples" / example
    url, exported = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", tmp_path / "out.json"
    assert run_cli(monkeypatch, url, "import", str(source)) == 0
    out = capsys.readouterr().out
    assert "1 services to review" in out
    if example == "service_full.json":  # its quoted phone number and latitude of 100 are warnings, not refusals
        assert "phones[0].number" in out and "location.latitude" in out
    assert run_cli(monkeypatch, url, "export", str(exported)) == 0
    document = json.loads(source.read_text(encoding="utf-8"))
    services = document.get("contents", [document])
    assert missing_in(json.loads(exported.read_text()), services) == []


def test_an_edited_imported_offer_exports_the_edit_and_keeps_the_rest() -> None:
    read = read_directory(WEGWEISER.read_bytes(), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    offer = read.catalogue.offers[0]
    read.catalogue.offers[0] = type(offer)(**{**{f: getattr(offer, f) for f in offer.__struct_fields__},
                                             "titles": {"de": "Neuer Titel", "en": "New title"}})  # fmt: skip
    [service] = [s for s in catalogue_to_hsds(read.catalogue)["contents"] if s["id"] == offer.id]
    original = next(s for s in json.loads(WEGWEISER.read_text(encoding="utf-8"))["contents"] if s["id"] == offer.id)
    assert service["name"] == "Neuer Titel"
    assert service["alternate_name"] == original["alternate_name"]
    assert service["service_at_locations"] == original["service_at_locations"]
    kept = [a for a in service["attributes"] if a["taxonomy_term"].get("taxonomy") == "Wegweiser Laatzen"]
    assert kept == [a for a in original["attributes"]]
    assert any(a["taxonomy_term"]["code"] == "title.en" and a["value"] == "New title" for a in service["attributes"])


def test_the_export_of_an_imported_directory_is_strictly_valid() -> None:
    spec.require_hsds()
    read = read_directory(WEGWEISER.read_bytes(), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    exported = catalogue_to_hsds(read.catalogue)
    assert spec.problems(spec.SERVICE, exported["contents"]) == []


def _one(change: Any) -> str:
    service = json.loads(WEGWEISER.read_text(encoding="utf-8"))["contents"][0]
    change(service)
    return json.dumps({"contents": [service]})


HOSTILE = [  # found by a hostile-input hunt: each is a warning or a clear refusal, never a traceback
    ("huge age", lambda s: s.update(minimum_age=10**400), "minimum_age"),
    ("639-3 and unknown language codes", lambda s: s.update(languages=[{"code": "deu"}, {"code": "xx"}]),
     "languages[1].code"),
    ("clock out of range", lambda s: s["schedules"][0].update(opens_at="25:99"), "schedules[0].opens_at"),
    ("status in capitals", lambda s: s.update(status="ACTIVE"), "status"),
    ("amount beyond reason", lambda s: s["cost_options"][0].update(amount=1e308), "cost_options[0].amount"),
]  # fmt: skip


MISSHAPED = [  # not as HSDS defines them, but nothing reads them as objects: they import as before
    ("languages as codes", lambda s: s.update(languages=["de", "en"])),
    ("metadata as an object", lambda s: s.update(metadata={"source": "Wegweiser"})),
    ("funding as text", lambda s: s.update(funding="Stadt Laatzen")),
    ("phones as an object", lambda s: s.update(phones={"number": "0511 1"})),
    ("an extension with an HSDS name", lambda s: s.update(x_ext={"locations": "Rethen"})),
    ("an attribute with a number as id", lambda s: s["attributes"][0].update(id=1)),
    ("an organization attribute without a term", lambda s: s["organization"].update(attributes=[{"value": "v"}])),
]


@pytest.mark.parametrize(("name", "change"), MISSHAPED, ids=[m[0] for m in MISSHAPED])
def test_misshaped_values_nothing_reads_as_objects_still_import(name: str, change: Any) -> None:
    """The first structure check refused these whole files (review); the listings and the export must work."""
    read = read_directory(_one(change), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    assert read.catalogue.offers
    directory = directory_of(read.catalogue)
    assert directory.find_services(ServiceQuery(search="a")) is not None
    assert directory.service(directory.services[0]["id"]) is not None
    catalogue_to_hsds(read.catalogue)


@pytest.mark.parametrize(("name", "change", "path"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_values_are_warnings_with_their_path(name: str, change: Any, path: str) -> None:
    read = read_directory(_one(change), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    assert any(problem.path == f"$.contents[0].{path}" for problem in read.warnings), read.warnings
    catalogue_to_hsds(read.catalogue)


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ('{"contents": [{"id": "a", "name": "x", "alert": NaN}]}', "$"),
        ('{"contents": [{"id": "a", "name": "x", "wait_time": 1e400}]}', "$.contents[0].wait_time"),
        ('{"contents": [{"id": "a", "name": "\\ud800"}]}', "$.contents[0].name"),
        ("[" * 100_000 + "]" * 100_000, "$"),
        ('{"contents": [{"id": "a", "name": "x", "alert": ' + "[" * 80 + "]" * 80 + "}]}", "$.contents[0].alert"),
        # What the HSDS API and the export read as objects held something else: every HSDS listing answered 500
        ('{"contents": [{"id": "a", "name": "x", "attributes": "tag"}]}', "$.contents[0].attributes"),
        ('[{"id": "a", "name": "x", "attributes": [{"taxonomy_term": "t"}]}]', "$[0].attributes[0].taxonomy_term"),
        (
            '[{"id": "a", "name": "x", "organization": {"id": "o", "name": "O", "attributes": 7}}]',
            "$[0].organization.attributes",
        ),
        (
            '[{"id": "a", "name": "x", "organization": {"id": "o", "name": "O", "organization_identifiers": ["x"]}}]',
            "$[0].organization.organization_identifiers[0]",
        ),
        ('[{"id": "a", "name": "x", "service_at_locations": ["s"]}]', "$[0].service_at_locations[0]"),
        (
            '[{"id": "a", "name": "x", "service_at_locations": [{"id": 5, "location": null}]}]',
            "$[0].service_at_locations[0].id",
        ),
        ('[{"id": "a", "name": "x\\u0000"}]', "$[0].name"),  # PostgreSQL stores no NUL: the import died there
    ],
    ids=[
        "NaN",
        "infinite number",
        "lone surrogate",
        "nested too deeply to read",
        "nested too deeply to keep",
        "attributes as text",
        "a term as text",
        "organization attributes as a number",
        "identifiers as text",
        "a service at location as text",
        "a number as id",
        "NUL",
    ],
)
def test_values_json_allows_but_no_directory_holds_refuse_the_file(raw: str, path: str) -> None:
    with pytest.raises(HsdsImportError) as raised:
        read_directory(raw)
    assert raised.value.problems[0].path.startswith(path)


def test_a_lotse_category_set_by_another_directory_keeps_its_document() -> None:
    category = {"taxonomy_term": {"taxonomy": "lotse-category", "code": "bildung_sprache.integration_course"}}
    raw = _one(lambda s: s["attributes"].append(category))
    read = read_directory(raw)
    original = json.loads(raw)["contents"][0]
    assert missing_in(catalogue_to_hsds(read.catalogue), [original]) == []


def test_each_service_keeps_its_own_copy_of_an_organization() -> None:
    first = json.loads(WEGWEISER.read_text(encoding="utf-8"))["contents"][0]
    second = {**first, "id": "9d1f7c2e-0000-4000-8000-000000000001",
              "organization": {**first["organization"], "name": "Anderer Träger"}}  # fmt: skip
    read = read_directory(json.dumps([first, second]), mapping=read_mapping(MAPPING.read_text(encoding="utf-8")))
    assert any("differs from an earlier copy" in problem.reason for problem in read.warnings)
    assert missing_in(catalogue_to_hsds(read.catalogue), [first, second]) == []


def test_a_mapping_file_saved_with_a_byte_order_mark_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Editors on Windows save TOML with a BOM: it was "not valid TOML ... line 1, column 1" (hostile-input hunt)."""
    url, mapping = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", tmp_path / "mapping.toml"
    mapping.write_bytes(b"\xef\xbb\xbf" + MAPPING.read_bytes())
    assert run_cli(monkeypatch, url, "import", str(WEGWEISER), "--mapping", str(mapping)) == 0
    assert "6 offers created" in capsys.readouterr().out
