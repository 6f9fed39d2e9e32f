"""Health endpoints for load balancers and orchestrators."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get

from models.catalogue import offer_count
from web.dependencies import DbSession, Matching
from web.matching import NO_MODEL
from web.openapi.errors import errors_for
from web.outage import DATABASE, database_unavailable
from web.problems import database_unavailable_response, problem


class HealthOut(msgspec.Struct, kw_only=True):
    status: Annotated[str, msgspec.Meta(description="Always `ok`: the process answers.")]


class ReadyOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    status: Annotated[str, msgspec.Meta(description="Always `ready` (otherwise the answer is a 503 problem).")]
    offers: Annotated[int, msgspec.Meta(ge=1, description="How many offers the catalogue holds.")]
    model_version: Annotated[
        int | None,
        msgspec.Meta(description="The ranking model version that serves (while none serves, `/ready` answers 503)."),
    ] = None
    model_skipped: Annotated[
        list[int],
        msgspec.Meta(description="Newer promoted model versions that could not be loaded and were skipped (absent "
                     "when none was)."),
    ] = msgspec.field(default_factory=list)  # fmt: skip


@get("/health", tags=["health"], summary="The process is up")
async def health() -> HealthOut:
    return HealthOut(status="ok")


@get("/ready", tags=["health"], summary="The database is reachable, the catalogue is loaded and a ranking model serves",
     responses=errors_for(503))  # fmt: skip
async def ready(request: Request[Any, Any, Any], db_session: DbSession, matching: Matching) -> Response[ReadyOut]:
    try:
        offers = await offer_count(db_session)
    except Exception as error:
        if not database_unavailable(error):
            raise
        return database_unavailable_response(request, error)
    DATABASE.answered()
    if offers == 0:
        return problem(503, detail="The offer catalogue is empty.", instance=request.url.path)
    state = matching.state
    if state is None:  # plans would answer 503: a load balancer must not send people here
        return problem(503, detail=NO_MODEL, instance=request.url.path)
    return Response(ReadyOut(status="ready", offers=offers, model_version=state.model.version,
                             model_skipped=list(state.skipped)))  # fmt: skip
