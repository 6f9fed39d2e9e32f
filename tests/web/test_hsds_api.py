"""``/api/v1/hsds``: the HSDS 3.0 API, every page and object checked against the official schemas (strict)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.testing import TestClient

from tests import hsds_spec as spec

API = "/api/v1/hsds"
LISTS = {  # list path -> (schema of a list item, schema of one object, its path)
    "services": (spec.SERVICE_LIST, spec.SERVICE),
    "organizations": (spec.ORGANIZATION_LIST, spec.ORGANIZATION),
    "service_at_locations": (spec.SERVICE_AT_LOCATION_LIST, spec.SERVICE_AT_LOCATION),
    "taxonomies": (spec.TAXONOMY, spec.TAXONOMY),
    "taxonomy_terms": (spec.TAXONOMY_TERM, spec.TAXONOMY_TERM),
}
FULL = {  # list path -> schema of an item with full=true
    "services": spec.SERVICE,
    "organizations": spec.ORGANIZATION,
    "service_at_locations": spec.SERVICE_AT_LOCATION,
}


def _pages(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    pages, number = [], 1
    while True:
        response = client.get(f"{API}/{path}", params={**params, "page": number, "per_page": 40})
        assert response.status_code == 200, response.text
        pages.append(response.json())
        if pages[-1]["last_page"]:
            return pages
        number += 1


def _items(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    return [item for page in _pages(client, path, **params) for item in page["contents"]]


def test_every_page_and_object_of_the_hsds_api_is_valid_hsds_3_0(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    spec.require_hsds()
    counts: dict[str, tuple[int, int]] = {}
    for path, (item_schema, object_schema) in LISTS.items():
        pages = _pages(anonymous, path)
        assert spec.problems(item_schema, pages, page=True) == []
        objects = [anonymous.get(f"{API}/{path}/{item['id']}").json() for page in pages for item in page["contents"]]
        assert spec.problems(object_schema, objects) == []
        assert objects and len({o["id"] for o in objects}) == len(objects) == pages[0]["total_items"]
        counts[path] = (len(pages), len(objects))
    for path, schema in FULL.items():
        full = [item for page in _pages(anonymous, path, full="true", full_service="true") for item in page["contents"]]
        assert spec.problems(schema, full) == []
    print(f"HSDS API strictly valid (pages, objects): {counts}")
    assert counts["services"][1] >= 150


def test_list_items_are_the_one_to_one_fields_of_the_full_objects(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    page = anonymous.get(f"{API}/services", params={"per_page": 10, "page": 2}).json()
    assert page["page_number"] == 2 and page["size"] == 10 and page["total_items"] >= 150
    assert page["first_page"] is False and page["last_page"] is False
    item = page["contents"][0]
    service = anonymous.get(f"{API}/services/{item['id']}").json()
    assert {key: service[key] for key in item if key != "organization"} == {
        key: value for key, value in item.items() if key != "organization"
    }
    assert "attributes" not in item and item["organization"]["id"] == service["organization_id"]
    lotse_id = next(a["value"] for a in service["attributes"] if a["taxonomy_term"]["code"] == "id")
    assert anonymous.get(f"{API}/services/{lotse_id}").json() == service


def test_services_are_filtered_as_hsds_describes(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    services = _items(anonymous, "services", full="true")
    one = next(
        s
        for s in services
        if any(a["taxonomy_term"]["code"] == "bildung_sprache.integration_course" for a in s["attributes"])
    )
    category = next(a["taxonomy_term"] for a in one["attributes"] if a["taxonomy_term"]["taxonomy"] == "lotse-category")
    by_term = _items(anonymous, "services", taxonomy_term_id=category["id"])
    assert one["id"] in {s["id"] for s in by_term} and len(by_term) < len(services)
    by_field = _items(anonymous, "services", taxonomy_term_id=category["parent_id"])
    assert {s["id"] for s in by_term} < {s["id"] for s in by_field}
    assert len(_items(anonymous, "services", taxonomy_id=category["taxonomy_id"])) == len(services)
    organization = one["organization"]
    lotse_org = organization["organization_identifiers"][0]["identifier"]
    by_org = _items(anonymous, "services", organization_id=organization["id"])
    assert by_org == _items(anonymous, "services", organization_id=lotse_org)
    assert {s["organization_id"] for s in by_org} == {organization["id"]} and one["id"] in {s["id"] for s in by_org}
    assert one["id"] in {s["id"] for s in _items(anonymous, "services", search=one["name"].upper())}
    assert _items(anonymous, "services", search="zzqqxx-nothing") == []
    newest = max(s["last_modified"] for s in services)
    recent = _items(anonymous, "services", modified_after=newest)
    assert recent and all(s["last_modified"] >= newest for s in recent)
    assert len(_items(anonymous, "services", modified_after="2000-01-01")) == len(services)
    links = _items(anonymous, "service_at_locations", organization_id=lotse_org)
    assert {link["service_id"] for link in links} == {s["id"] for s in by_org}


def test_taxonomies_publish_every_term_the_export_uses(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    taxonomies = _items(anonymous, "taxonomies")
    assert {t["name"] for t in taxonomies} >= {"lotse-field", "lotse-category", "lotse-eligibility", "lotse-offer"}
    terms = {t["id"]: t for t in _items(anonymous, "taxonomy_terms")}
    used = [a["taxonomy_term"] for s in _items(anonymous, "services", full="true") for a in s["attributes"]]
    assert all(terms[term["id"]] == term for term in used)
    fields = _items(anonymous, "taxonomy_terms", top_only="true", taxonomy_id=taxonomies[0]["id"])
    assert len(fields) == 8 and {t["taxonomy"] for t in fields} == {"lotse-field"}
    children = _items(anonymous, "taxonomy_terms", parent_id=fields[0]["id"])
    assert children and all(t["taxonomy"] == "lotse-category" for t in children)
    organization = _items(anonymous, "organizations")[0]
    nested = anonymous.get(f"{API}/organizations/{organization['id']}").json()
    assert nested["services"] and set(nested["services"][0]) == {"id", "name", "status"}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("services", {"page": "0"}, "page"),
        ("services", {"per_page": "0"}, "per_page"),
        ("organizations", {"per_page": "101"}, "per_page"),
        ("taxonomy_terms", {"page": "x"}, "page"),
        ("services", {"modified_after": "yesterday"}, "modified_after"),
        ("services", {"full": "maybe"}, "full"),
        ("service_at_locations", {"modified_after": "2026-13-01"}, "modified_after"),
    ],
)
def test_bad_parameters_are_problems_naming_them(
    anonymous: TestClient,  # type: ignore[type-arg]
    path: str,
    params: dict[str, str],
    field: str,
) -> None:
    response = anonymous.get(f"{API}/{path}", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.json()["detail"]


def test_unknown_ids_are_404(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    for path in LISTS:
        response = anonymous.get(f"{API}/{path}/00000000-0000-4000-8000-000000000000")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
    assert anonymous.get(f"{API}/services/nope").status_code == 404
    about = anonymous.get(f"{API}/").json()
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/schema/openapi.json")


def test_an_imported_directory_is_served_with_its_own_fields_and_without_services_to_review(
    anonymous: TestClient,  # type: ignore[type-arg]
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.seed.test_hsds_import import MAPPING, WEGWEISER, leaves
    from web.cli import main

    monkeypatch.setenv("LOTSE_DATABASE_URL", settings.database_url)
    assert main(["import", str(WEGWEISER), "--mapping", str(MAPPING)]) == 0
    services = {s["id"]: s for s in json.loads(WEGWEISER.read_text(encoding="utf-8"))["contents"]}
    integration = anonymous.get(f"{API}/services/f3c2023a-4f47-4a76-b463-a17d19f0138b")
    assert integration.status_code == 200
    served = leaves(integration.json())
    assert all(served.get(path) == value for path, value in leaves(services[integration.json()["id"]]).items())
    assert anonymous.get(f"{API}/services/0ee16d3a-de14-4381-90d5-2b539240579f").status_code == 404  # to review
    term = services["f3c2023a-4f47-4a76-b463-a17d19f0138b"]["attributes"][0]["taxonomy_term"]["id"]
    found = anonymous.get(f"{API}/services", params={"taxonomy_term_id": term}).json()["contents"]
    assert [s["id"] for s in found] == ["f3c2023a-4f47-4a76-b463-a17d19f0138b"]
    if spec.HSDS_DIR.is_dir():
        assert spec.problems(spec.SERVICE, [integration.json()]) == []
