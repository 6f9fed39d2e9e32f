"""``/api/v1/hsds``: the catalogue as the Open Referral HSDS 3.0 API (``openapi.json`` of HSDS 3.0) serves it.

Open data: no key. Lists are pages (``page``, ``per_page``) whose items carry the one-to-one fields of the HSDS
``*_list`` schemas (``full=true``: fully nested); single objects are fully nested. Ids are the HSDS UUIDs;
services and organizations are found by their Lotse id as well.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter
from sqlalchemy import select

from models.catalogue import CatalogueRevision, load_catalogue
from seed.hsds.directory import HsdsDirectory, ServiceQuery, directory_of, one_to_one
from seed.hsds.export import hsds_page
from seed.hsds.vocabulary import HSDS_VERSION
from web.dependencies import DbSession
from web.openapi.errors import OPEN_LIST, errors_for
from web.problems import FieldProblem

Item = dict[str, Any]
ItemId = Annotated[
    str, PathParameter(max_length=100, description="The item's UUID (services and organizations: or the Lotse id)")
]
Page = Annotated[int, QueryParameter(ge=1, le=100_000, description="Page number, from 1")]
PerPage = Annotated[int, QueryParameter(ge=1, le=100, description="Items per page, at most 100")]
Search = Annotated[str | None, QueryParameter(max_length=200, description="Full-text search: every word must occur")]
Full = Annotated[bool, QueryParameter(description="true: fully nested items instead of one-to-one fields")]
Id = Annotated[str | None, QueryParameter(max_length=100)]
ModifiedAfter = Annotated[
    str | None,
    QueryParameter(max_length=40, description="Only items modified on or after this ISO 8601 date-time (UTC if none)"),
]
_OFFSET_SPACE = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:\d{2})$")


def _page(items: list[Item], page: int, per_page: int) -> Item:
    start = (page - 1) * per_page
    return hsds_page(items[start : start + per_page], total=len(items), page=page, per_page=per_page)


def _moment(value: str | None) -> datetime | None:
    """``modified_after`` as a UTC moment; a "+" of the offset that arrived as a space (URL decoding) is put back."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(_OFFSET_SPACE.sub(r"\1+\2", value.strip()))
        return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        example = "2026-01-31T00:00:00Z"
        raise FieldProblem(
            "modified_after", f"expected an ISO 8601 date-time such as {example}, got {value!r}"
        ) from None


def _found(item: Item | None, kind: str, item_id: str) -> Item:
    if item is None:
        raise NotFoundException(f"No {kind} with the id {item_id!r}.")
    return item


async def _directory(db_session: DbSession, state: State) -> HsdsDirectory:
    """The HSDS directory of the current catalogue, rebuilt when the catalogue revision changes."""
    row = (await db_session.execute(select(CatalogueRevision.revision, CatalogueRevision.changed_at))).first()
    stamp = None if row is None else tuple(row)
    cached: tuple[Any, HsdsDirectory] | None = getattr(state, "hsds_directory", None)
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1]
    directory = directory_of(await load_catalogue(db_session, with_sources=True))
    state.hsds_directory = (stamp, directory)
    return directory


class HsdsController(Controller):
    path = "/api/v1/hsds"
    tags = ["hsds"]

    @get("/", summary="About this HSDS API", responses=errors_for(400, 429))
    async def about(self, request: Request[Any, Any, Any]) -> Item:
        return {
            "version": HSDS_VERSION,
            "openapi_url": str(request.url.with_replacements(path="/schema/openapi.json", query="")),
        }

    @get("/services", summary="HSDS services (paginated; filters per HSDS 3.0)", responses=OPEN_LIST)
    async def list_services(
        self,
        db_session: DbSession,
        state: State,
        search: Search = None,
        taxonomy_term_id: Id = None,
        taxonomy_id: Id = None,
        organization_id: Id = None,
        modified_after: ModifiedAfter = None,
        full: Full = False,
        page: Page = 1,
        per_page: PerPage = 50,
    ) -> Item:
        query = ServiceQuery(search, taxonomy_term_id, taxonomy_id, organization_id, _moment(modified_after))
        services = (await _directory(db_session, state)).find_services(query)
        return _page(services if full else [one_to_one(s) for s in services], page, per_page)

    @get(
        "/services/{service_id:str}",
        summary="One fully nested HSDS service (by UUID or Lotse id)",
        responses=errors_for(400, 404, 429),
    )
    async def get_service(self, db_session: DbSession, state: State, service_id: ItemId) -> Item:
        return _found((await _directory(db_session, state)).service(service_id), "service", service_id)

    @get("/organizations", summary="HSDS organizations (paginated)", responses=OPEN_LIST)
    async def list_organizations(
        self,
        db_session: DbSession,
        state: State,
        search: Search = None,
        full: Full = False,
        full_service: Full = False,
        page: Page = 1,
        per_page: PerPage = 50,
    ) -> Item:
        directory = await _directory(db_session, state)
        found = directory.find_organizations(search)
        if full:
            items = [directory.organization(item["id"], full_service=full_service) or item for item in found]
        else:
            items = [one_to_one(item) for item in found]
        return _page(items, page, per_page)

    @get(
        "/organizations/{organization_id:str}",
        summary="One fully nested HSDS organization with its services",
        responses=errors_for(400, 404, 429),
    )
    async def get_organization(
        self, db_session: DbSession, state: State, organization_id: ItemId, full_service: Full = False
    ) -> Item:
        directory = await _directory(db_session, state)
        return _found(
            directory.organization(organization_id, full_service=full_service), "organization", organization_id
        )

    @get("/taxonomies", summary="The Lotse taxonomies (paginated)", responses=OPEN_LIST)
    async def list_taxonomies(
        self, db_session: DbSession, state: State, search: Search = None, page: Page = 1, per_page: PerPage = 50
    ) -> Item:
        return _page((await _directory(db_session, state)).taxonomies(search), page, per_page)

    @get("/taxonomies/{taxonomy_id:str}", summary="One Lotse taxonomy", responses=errors_for(400, 404, 429))
    async def get_taxonomy(self, db_session: DbSession, state: State, taxonomy_id: ItemId) -> Item:
        return _found((await _directory(db_session, state)).taxonomy(taxonomy_id), "taxonomy", taxonomy_id)

    @get("/taxonomy_terms", summary="The terms of the Lotse taxonomies (paginated)", responses=OPEN_LIST)
    async def list_taxonomy_terms(
        self,
        db_session: DbSession,
        state: State,
        search: Search = None,
        taxonomy_id: Id = None,
        parent_id: Id = None,
        top_only: Annotated[bool, QueryParameter(description="Only terms without a parent")] = False,
        page: Page = 1,
        per_page: PerPage = 50,
    ) -> Item:
        terms = (await _directory(db_session, state)).find_terms(search, taxonomy_id, parent_id, top_only=top_only)
        return _page(terms, page, per_page)

    @get("/taxonomy_terms/{term_id:str}", summary="One term of a Lotse taxonomy", responses=errors_for(400, 404, 429))
    async def get_taxonomy_term(self, db_session: DbSession, state: State, term_id: ItemId) -> Item:
        return _found((await _directory(db_session, state)).term(term_id), "taxonomy term", term_id)

    @get("/service_at_locations", summary="HSDS services at their locations (paginated)", responses=OPEN_LIST)
    async def list_service_at_locations(
        self,
        db_session: DbSession,
        state: State,
        search: Search = None,
        taxonomy_term_id: Id = None,
        taxonomy_id: Id = None,
        organization_id: Id = None,
        modified_after: ModifiedAfter = None,
        full: Full = False,
        page: Page = 1,
        per_page: PerPage = 50,
    ) -> Item:
        query = ServiceQuery(search, taxonomy_term_id, taxonomy_id, organization_id, _moment(modified_after))
        links = (await _directory(db_session, state)).service_at_locations(query)
        items = [
            link
            if full
            else {**one_to_one(link), "location": one_to_one(link["location"]), "service": one_to_one(service)}
            for service, link in links
        ]
        return _page(items, page, per_page)

    @get(
        "/service_at_locations/{link_id:str}",
        summary="One fully nested HSDS service_at_location",
        responses=errors_for(400, 404, 429),
    )
    async def get_service_at_location(self, db_session: DbSession, state: State, link_id: ItemId) -> Item:
        return _found(
            (await _directory(db_session, state)).service_at_location(link_id), "service_at_location", link_id
        )
