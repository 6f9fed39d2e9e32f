"""Health endpoints for load balancers and orchestrators."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from sqlalchemy.exc import SQLAlchemyError

from models.catalogue import offer_count
from web.dependencies import DbSession
from web.openapi.errors import errors_for
from web.problems import problem


class HealthOut(msgspec.Struct, kw_only=True):
    status: Annotated[str, msgspec.Meta(description="Always `ok`: the process answers.")]


class ReadyOut(msgspec.Struct, kw_only=True):
    status: Annotated[str, msgspec.Meta(description="Always `ready` (otherwise the answer is a 503 problem).")]
    offers: Annotated[int, msgspec.Meta(ge=1, description="How many offers the catalogue holds.")]


@get("/health", tags=["health"], summary="The process is up")
async def health() -> HealthOut:
    return HealthOut(status="ok")


@get("/ready", tags=["health"], summary="The database is reachable and the catalogue is loaded",
     responses=errors_for(503))  # fmt: skip
async def ready(request: Request[Any, Any, Any], db_session: DbSession) -> Response[ReadyOut]:
    try:
        offers = await offer_count(db_session)
    except SQLAlchemyError:
        return problem(503, detail="The database cannot be reached.", instance=request.url.path)
    if offers == 0:
        return problem(503, detail="The offer catalogue is empty.", instance=request.url.path)
    return Response(ReadyOut(status="ready", offers=offers))
