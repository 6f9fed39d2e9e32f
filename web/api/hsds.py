"""``/api/v1/hsds``: the catalogue as the Open Referral HSDS 3 API reference publishes it."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter

from models.catalogue import OfferFilter, get_offer, offer_page
from seed.hsds.export import hsds_page, service_of
from web.dependencies import DbSession
from web.openapi.errors import OPEN_LIST, errors_for


class HsdsController(Controller):
    path = "/api/v1/hsds/services"
    tags = ["hsds"]

    @get("/", summary="HSDS services (paginated)", responses=OPEN_LIST)
    async def list_services(
        self,
        db_session: DbSession,
        page: Annotated[int, QueryParameter(ge=1, le=100_000, description="Page number, from 1")] = 1,
        per_page: Annotated[int, QueryParameter(ge=1, le=100, description="Services per page, at most 100")] = 50,
    ) -> dict[str, Any]:
        offers, total = await offer_page(db_session, OfferFilter(), page=page, per_page=per_page)
        services = [service_of(offer.to_record(), offer.provider.to_record()) for offer in offers]
        return hsds_page(services, total=total, page=page, per_page=per_page)

    @get("/{service_id:str}", summary="One HSDS service", responses=errors_for(404, 429))
    async def get_service(
        self,
        db_session: DbSession,
        service_id: Annotated[str, PathParameter(description="The service's id (the offer's id).")],
    ) -> dict[str, Any]:
        offer = await get_offer(db_session, service_id)
        if offer is None:
            raise NotFoundException(f"No service with the id {service_id!r}.")
        return service_of(offer.to_record(), offer.provider.to_record())
