"""HSDS 3 export and import: identical round trips, and broken files that import nothing."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from models.directory import ReviewReason
from models.provider import ProviderKind
from seed.demo import demo_catalogue
from seed.hsds.documents import catalogue_to_hsds
from seed.hsds.parse import HsdsImportError, parse_hsds, read_directory
from seed.hsds.vocabulary import LOTSE_NAMESPACE
from web.cli import main


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    return catalogue_to_hsds(demo_catalogue())


def test_round_trip_in_memory_is_identical(exported: dict[str, Any]) -> None:
    assert _dump(catalogue_to_hsds(parse_hsds(_dump(exported)))) == _dump(exported)


def test_a_plain_array_of_services_is_accepted(exported: dict[str, Any]) -> None:
    assert len(parse_hsds(json.dumps(exported["contents"])).offers) == len(exported["contents"])


def _lotse_id(service: dict[str, Any]) -> str:
    return str(next(a["value"] for a in service["attributes"] if a["taxonomy_term"]["code"] == "id"))


def test_services_carry_the_hsds_structure(exported: dict[str, Any]) -> None:
    service = next(s for s in exported["contents"] if _lotse_id(s) == "ik-frauen-rethen")
    assert service["id"] == str(uuid.uuid5(LOTSE_NAMESPACE, "service/ik-frauen-rethen"))
    organization = service["organization"]
    assert (
        organization["id"]
        == service["organization_id"]
        == str(uuid.uuid5(LOTSE_NAMESPACE, "organization/sprachschule-bruecke"))
    )
    assert organization["organization_identifiers"][0]["identifier"] == "sprachschule-bruecke"
    assert service["schedules"][0] == {**service["schedules"][0], "freq": "WEEKLY", "byday": "MO"}
    assert service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "30880"
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]): a["value"] for a in service["attributes"]}
    assert terms[("lotse-offer", "places_available")] == "0"
    assert ("lotse-category", "bildung_sprache.integration_course") in terms
    assert terms[("lotse-eligibility", "gender")] == "female"
    assert terms[("lotse-eligibility", "german_level_max")] == "A2"
    assert terms[("lotse-offer", "childcare")] == "true"
    assert terms[("lotse-text", "title.en")].startswith("Women's integration course")


def _broken(exported: dict[str, Any], index: int, change: Any) -> str:
    document = copy.deepcopy(exported)
    change(document["contents"][index])
    return _dump(document)


def _set_attribute(taxonomy: str, code: str, value: str) -> Any:
    def change(service: dict[str, Any]) -> None:
        for attribute in service["attributes"]:
            term = attribute["taxonomy_term"]
            if term["taxonomy"] == taxonomy and term["code"] == code:
                attribute["value"] = value
                return
        service["attributes"].append({"taxonomy_term": {"taxonomy": taxonomy, "code": code}, "value": value})

    return change


def _set_category(code: str) -> Any:
    def change(service: dict[str, Any]) -> None:
        for attribute in service["attributes"]:
            if attribute["taxonomy_term"]["taxonomy"] == "lotse-category":
                attribute["taxonomy_term"]["code"] = code

    return change


WARNED = [
    ("impossible age", lambda s: s.update(minimum_age=140), "$.contents[3].minimum_age", "<= 120"),
    ("ages reversed", lambda s: s.update(minimum_age=40, maximum_age=20), "$.contents[3].maximum_age", "below min_age"),
    ("fractional age", lambda s: s.update(minimum_age=16.5), "$.contents[3].minimum_age", "whole number"),
    ("unknown gender", _set_attribute("lotse-eligibility", "gender", "robot"), "$.contents[3].attributes[", "robot"),
    (
        "unknown residence status",
        _set_attribute("lotse-eligibility", "residence_status", "tourist"),
        "$.contents[3].attributes[",
        "tourist",
    ),
    ("unknown german level", _set_attribute("lotse-eligibility", "german_level_min", "Z9"), "value", "Z9"),
    ("unknown district", _set_attribute("lotse-offer", "district", "hannover-mitte"), "value", "hannover-mitte"),
    ("unknown eligibility code", _set_attribute("lotse-eligibility", "income", "low"), "code", "income"),
    ("bad child band", _set_attribute("lotse-eligibility", "requires_child_age", "six"), "value", "age band"),
    (
        "unknown weekday",
        lambda s: s["schedules"].append({"freq": "WEEKLY", "byday": "XX", "opens_at": "10:00", "closes_at": "11:00"}),
        "byday",
        "XX",
    ),
    ("monthly schedule", lambda s: s["schedules"].append({"freq": "MONTHLY", "byday": "MO"}), "schedules[", "WEEKLY"),
    (
        "bad time",
        lambda s: s["schedules"].append({"freq": "WEEKLY", "byday": "MO", "opens_at": "9am", "closes_at": "11:00"}),
        "opens_at",
        "9am",
    ),
    ("no time zone", lambda s: s.update(last_modified="2026-10-01T08:00:00"), "last_modified", "time zone"),
    (
        "quoted phone",
        lambda s: s.update(phones=[{"id": "p", "number": '"0511 1"'}]),
        "$.contents[3].phones[0].number",
        "not in a form",
    ),
    (
        "latitude of 100",
        lambda s: s["service_at_locations"][0]["location"].update(latitude=100),
        "$.contents[3].service_at_locations[0].location.latitude",
        "no latitude",
    ),
    (
        "unknown language",
        lambda s: s["languages"].append({"code": "qq"}),
        "$.contents[3].languages[",
        "no language code",
    ),
]


@pytest.mark.parametrize(("name", "change", "path", "reason"), WARNED, ids=[b[0] for b in WARNED])
def test_an_unusable_value_is_named_by_its_hsds_path_and_dropped_not_the_file(
    exported: dict[str, Any], name: str, change: Any, path: str, reason: str
) -> None:
    read = read_directory(_broken(exported, 3, change))
    assert any(path in p.path and reason in f"{p.path} {p.reason}" for p in read.warnings), read.warnings
    assert len(read.catalogue.offers) == len(exported["contents"]), "the service itself is still imported"


def test_an_unknown_provider_kind_is_taken_as_other(exported: dict[str, Any]) -> None:
    document = copy.deepcopy(exported)
    for service in document["contents"]:
        service["organization"]["attributes"][0]["taxonomy_term"]["code"] = "guild"
    read = read_directory(_dump(document))
    assert any(p.path.endswith("organization.attributes[0].taxonomy_term.code") for p in read.warnings)
    assert {provider.kind for provider in read.catalogue.providers} == {ProviderKind.OTHER}


def test_an_unknown_category_keeps_the_service_to_review(exported: dict[str, Any]) -> None:
    read = read_directory(_broken(exported, 3, _set_category("bildung_sprache.astrology")))
    assert len(read.catalogue.offers) == len(exported["contents"]) - 1
    [review] = [source for source in read.catalogue.sources if source.review]
    assert review.review == [ReviewReason.NO_CATEGORY]
    assert any("astrology" in warning for warning in review.warnings)


REFUSED = [
    ("missing name", lambda s: s.pop("name"), "$.contents[3].name", "needs an id and a name"),
    ("not an object", lambda s: s.clear() or s.update(id=[1], name="x"), "$.contents[3].id", "needs an id"),
    ("same id twice", lambda s: s.update(id="00000000-0000-4000-8000-000000000000"), "$.contents[", "occurs twice"),
]


@pytest.mark.parametrize(("name", "change", "path", "reason"), REFUSED, ids=[b[0] for b in REFUSED])
def test_a_file_that_is_not_hsds_imports_nothing(
    exported: dict[str, Any], name: str, change: Any, path: str, reason: str
) -> None:
    document = copy.deepcopy(exported)
    change(document["contents"][3])
    if name == "same id twice":
        change(document["contents"][4])
    with pytest.raises(HsdsImportError) as raised:
        parse_hsds(_dump(document))
    assert any(path in p.path and reason in p.reason for p in raised.value.problems), raised.value.problems


def test_every_problem_is_reported_in_one_run(exported: dict[str, Any]) -> None:
    document = copy.deepcopy(exported)
    document["contents"][1]["minimum_age"] = -5
    document["contents"][7]["phones"] = [{"id": "x", "number": "call us"}]
    _set_category("teilhabe.karaoke")(document["contents"][42])
    paths = {problem.path.split(".")[1].split("]")[0] + "]" for problem in read_directory(_dump(document)).warnings}
    assert {"contents[1]", "contents[7]", "contents[42]"} <= paths
    document["contents"][5]["name"] = None
    document["contents"][9] = "a service"
    with pytest.raises(HsdsImportError) as raised:
        parse_hsds(_dump(document))
    assert {p.path for p in raised.value.problems} == {"$.contents[5].name", "$.contents[9]"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"services": []}', "expected an array"),
        (b"\xff\xfe", "JSON"),
        ('[{"title": "no id"}]', "needs an id"),
    ],
)
def test_malformed_files_are_refused(raw: str | bytes, reason: str) -> None:
    with pytest.raises(HsdsImportError) as raised:
        parse_hsds(raw)
    assert reason in str(raised.value.problems[0])


def _cli(monkeypatch: pytest.MonkeyPatch, database_url: str, *argv: str) -> int:
    monkeypatch.setenv("LOTSE_DATABASE_URL", database_url)
    return main(list(argv))


def test_cli_round_trip_through_an_empty_database_is_identical(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert _cli(monkeypatch, database_url, "seed") == 0
    assert _cli(monkeypatch, database_url, "export", str(first)) == 0
    empty = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}" if database_url.startswith("sqlite") else database_url
    if not database_url.startswith("sqlite"):
        assert _cli(monkeypatch, database_url, "import", "--replace", str(first)) == 0
    assert _cli(monkeypatch, empty, "import", str(first)) == 0
    assert _cli(monkeypatch, empty, "export", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()


def test_cli_broken_import_changes_nothing_and_names_errors(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(monkeypatch, database_url, "seed") == 0
    before, after, broken = tmp_path / "before.json", tmp_path / "after.json", tmp_path / "broken.json"
    assert _cli(monkeypatch, database_url, "export", str(before)) == 0
    document = json.loads(before.read_text())
    for service in document["contents"]:
        service["name"] = "Geändert"
    document["contents"][5]["minimum_age"] = 200
    document["contents"][9].pop("id")
    document["contents"][11]["name"] = 7
    broken.write_text(json.dumps(document))
    capsys.readouterr()

    assert _cli(monkeypatch, database_url, "import", "--replace", str(broken)) == 1
    message = capsys.readouterr().err
    assert "nothing was imported" in message and "not an HSDS directory" in message
    assert "$.contents[9].id" in message and "$.contents[11].name" in message
    assert "$.contents[5]" not in message, "a value Lotse cannot use is no reason to refuse the file"

    assert _cli(monkeypatch, database_url, "export", str(after)) == 0
    assert after.read_bytes() == before.read_bytes()


def test_cli_reports_a_missing_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    assert _cli(monkeypatch, url, "import", str(tmp_path / "missing.json")) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_file_of_an_earlier_lotse_with_slug_ids_and_capacities_still_imports(exported: dict[str, Any]) -> None:
    document = copy.deepcopy(exported)
    for service in document["contents"]:
        lotse_id = _lotse_id(service)
        service["attributes"] = [a for a in service["attributes"] if a["taxonomy_term"]["code"] != "id"]
        places = {
            a["taxonomy_term"]["code"]: int(a["value"])
            for a in service["attributes"]
            if "places" in a["taxonomy_term"]["code"]
        }
        service["attributes"] = [a for a in service["attributes"] if "places" not in a["taxonomy_term"]["code"]]
        if places:
            service["capacities"] = [
                {
                    "available": places["places_available"],
                    "maximum": places.get("places_maximum"),
                    "unit": {"identifier": "places"},
                }
            ]
        organization = service["organization"]
        organization["id"] = service["organization_id"] = organization.pop("organization_identifiers")[0]["identifier"]
        service["id"] = lotse_id
    assert _dump(catalogue_to_hsds(parse_hsds(_dump(document)))) == _dump(exported)
