"""Whatever a client sends to the read API, the answer is never a 500."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

PARAMETERS = ["field", "category", "district", "language", "page", "per_page", "lang"]
junk = st.one_of(st.text(max_size=40), st.integers(min_value=-(10**12), max_value=10**12).map(str))


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), junk, max_size=4), offer_id=st.text(max_size=40))
def test_offers_api_answers_junk_with_a_client_error(client: TestClient, params: dict[str, str], offer_id: str) -> None:  # type: ignore[type-arg]
    listing = client.get("/api/v1/offers", params=params)
    assert listing.status_code in (200, 400)
    single = client.get(f"/api/v1/offers/{quote(offer_id, safe='')}", params={"lang": params.get("lang", "de")})
    assert single.status_code in (200, 400, 404)
    if single.status_code != 200:
        assert single.headers["content-type"].startswith("application/problem+json")


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:  # type: ignore[type-arg]
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    wrong_method = client.delete("/api/v1/offers")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"].startswith("application/problem+json")


HSDS_PARAMETERS = ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full",
                   "full_service", "parent_id", "top_only", "page", "per_page"]  # fmt: skip
HSDS_PATHS = ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(HSDS_PATHS),
    params=st.dictionaries(st.sampled_from(HSDS_PARAMETERS), junk, max_size=4),
    item_id=st.text(max_size=40),
)
def test_hsds_api_answers_junk_with_a_client_error(
    anonymous: TestClient,  # type: ignore[type-arg]
    path: str,
    params: dict[str, str],
    item_id: str,
) -> None:
    listing = anonymous.get(f"/api/v1/hsds/{path}", params=params)
    assert listing.status_code in (200, 400), listing.text
    single = anonymous.get(f"/api/v1/hsds/{path}/{quote(item_id, safe='')}")
    assert single.status_code in (200, 400, 404), single.text
    if single.status_code != 200:
        assert single.headers["content-type"].startswith("application/problem+json")
