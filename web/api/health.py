"""Health endpoints for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from sqlalchemy.exc import SQLAlchemyError

from models.catalogue import offer_count
from web.dependencies import DbSession
from web.problems import problem


@get("/health", tags=["health"], summary="The process is up")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/ready", tags=["health"], summary="The database is reachable and the catalogue is loaded")
async def ready(request: Request[Any, Any, Any], db_session: DbSession) -> Response[Any]:
    try:
        offers = await offer_count(db_session)
    except SQLAlchemyError:
        return problem(503, detail="The database cannot be reached.", instance=request.url.path)
    if offers == 0:
        return problem(503, detail="The offer catalogue is empty.", instance=request.url.path)
    return Response({"status": "ready", "offers": offers})
