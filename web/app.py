"""The one place that wires routes, dependencies, error handling and the database into the application."""

from __future__ import annotations

import asyncio
import gc
import shutil
import sys
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from pathlib import Path

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.database import create_engine, session_factory, single_statements
from web.access.accounts import count_accounts
from web.access.admin import AdminScreen
from web.access.headers import SecurityHeaders
from web.access.key_cache import KeyCache
from web.access.limits import RateLimits
from web.access.login import LoginScreen, SignInTurns
from web.access.retention import purge_every_day
from web.api.health import health, ready
from web.api.hsds import HsdsController
from web.api.offers import OfferController
from web.api.plans import PlanController
from web.api.taxonomy import taxonomy
from web.bootstrap import prepare_database
from web.concurrency import ConcurrencyLimit
from web.dependencies import provide_matching, provide_session
from web.editor.approvals import ApprovalQueue
from web.editor.catalogue import OfferCatalogue
from web.editor.provider_links import ProviderLinks
from web.editor.provider_page import ProviderOffers
from web.editor.review import ReviewQueue
from web.head_requests import Lotse
from web.log_policy import configure_logging, service_logging
from web.matching import MatchingService
from web.openapi.document import OpenAPIDocument
from web.openapi.viewer import LocalSwaggerUI, schema_router
from web.outage import DATABASE
from web.plan_writer import PlanWriter
from web.problems import MAX_BODY_BYTES, http_exception_handler, internal_error_handler
from web.referrals.api import ReferralController
from web.referrals.provider import ProviderReferralPage
from web.referrals.screens import ReferralActions
from web.request_body import check_api_request
from web.screens.counselling import CounsellingScreen
from web.screens.kiosk import KioskScreen
from web.screens.start import start_page
from web.settings import Settings, derived_key
from web.staff.plans import PlanList
from web.static import STATIC_DIR
from web.steering.api import ReportController
from web.steering.screen import SteeringScreen

API_VERSION = "1.3.0"  # docs/api.md, "Changes within v1"
FIRST_ACCOUNT_HINT = (
    "No staff account exists yet. Create the first one (it asks for a passphrase of your own):\n"
    "  {lotse} users add beratung-1 --role counsellor\n"
    "then sign in at /login. Partner tools need a key: "
    "{lotse} keys create NAME --scopes plans,feedback,referrals"
)
GC_YOUNG_OBJECTS = 10_000


async def print_first_account_hint(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        if await count_accounts(session) == 0:
            print(FIRST_ACCOUNT_HINT.format(lotse=lotse_command()), flush=True)


def lotse_command() -> str:
    """How the operator calls ``lotse`` from here: ``lotse`` where it is on the PATH (the container), else its
    path (``.venv/bin/lotse`` after ``make run``; the hint named that path in the container too)."""
    installed = Path(sys.executable).parent / "lotse"
    found = shutil.which("lotse")
    if found is not None and Path(found).resolve() == installed.resolve():
        return "lotse"
    with suppress(ValueError):
        relative = installed.relative_to(Path.cwd())
        return str(relative) if relative.parent != Path() else f"./{relative}"  # in .venv/bin itself: ./lotse
    return str(installed)


def create_app(settings: Settings | None = None, *, prepare: bool = True) -> Litestar:
    """The Lotse web application.

    With ``prepare`` the database is migrated (and seeded when empty and ``seed_on_start``) at start-up.
    """
    settings = settings or Settings.from_env()
    configure_logging()

    @asynccontextmanager
    async def database(app: Litestar) -> AsyncGenerator[None, None]:
        engine = create_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            answer_timeout=settings.db_timeout_seconds,
        )
        event.listen(engine.sync_engine, "connect", lambda *_: DATABASE.answered())  # back after an outage
        if prepare:
            await prepare_database(engine, seed_if_empty=settings.seed_on_start)
        app.state.sessions = session_factory(engine)
        app.state.plan_writer = PlanWriter(single_statements(engine))
        app.state.plan_writer.start()
        if prepare:  # under `lotse serve` the parent prepares and says it once, not every worker
            await print_first_account_hint(app.state.sessions)
        app.state.matching = MatchingService(app.state.sessions, settings.reload_seconds, settings.stale_days)
        await app.state.matching.refresh()
        # What is loaded now lives as long as the process: the garbage collector need not scan it again.
        gc.collect()
        gc.freeze()
        # A plan request makes tens of thousands of short-lived objects; collecting the youngest generation
        # every 700 of them cost about a tenth of a plan's time (docs/performance.md). Reference counting frees them
        # anyway; cycles are still collected, after GC_YOUNG_OBJECTS allocations.
        gc.set_threshold(GC_YOUNG_OBJECTS, 10, 10)
        watcher = asyncio.create_task(app.state.matching.keep_current())
        purger = asyncio.create_task(
            purge_every_day(
                app.state.sessions,
                timedelta(days=settings.retention_days),
                timedelta(minutes=settings.session_idle_minutes),
                settings.first_purge_seconds,
            )
        )
        try:
            yield
        finally:
            for task in (watcher, purger):
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            await app.state.plan_writer.close()
            await engine.dispose()

    return Lotse(
        route_handlers=[
            health,
            ready,
            taxonomy,
            start_page,
            OfferController,
            HsdsController,
            PlanController,
            ReferralController,
            ReferralActions,
            ProviderReferralPage,
            ReportController,
            CounsellingScreen,
            KioskScreen,
            LoginScreen,
            PlanList,
            AdminScreen,
            OfferCatalogue,
            ApprovalQueue,
            ProviderLinks,
            ReviewQueue,
            ProviderOffers,
            SteeringScreen,
            create_static_files_router(path="/static", directories=[STATIC_DIR], include_in_schema=False),
        ],
        plugins=[HTMXPlugin()],
        logging_config=service_logging(settings.log_level),
        middleware=[
            SecurityHeaders(),
            ConcurrencyLimit(
                settings.max_concurrent_requests,
                settings.queue_wait_seconds,
                settings.body_timeout_seconds,
                max_body=MAX_BODY_BYTES,
            ),
            RateLimits(settings.rate_limit_per_minute),
        ],
        csrf_config=CSRFConfig(
            secret=derived_key(settings, "csrf").hex(),
            cookie_secure=True,
            cookie_httponly=True,
            cookie_samesite="strict",
            # The API takes no cookies (partner keys are sent in a header); monitors and the API description get none.
            exclude=["/api/", "^/health$", "^/ready$", "^/schema"],
        ),
        request_max_body_size=MAX_BODY_BYTES,
        before_request=check_api_request,
        template_config=TemplateConfig(directory=Path(__file__).parent / "templates", engine=JinjaTemplateEngine),
        dependencies={"db_session": Provide(provide_session), "matching": Provide(provide_matching)},
        lifespan=[database],
        exception_handlers={HTTPException: http_exception_handler, Exception: internal_error_handler},
        openapi_config=OpenAPIConfig(
            title="Lotse API",
            version=API_VERSION,
            description="Integration offers in Laatzen and personalised plans. Errors are RFC 9457 problem details "
            "(`application/problem+json`); a 400 lists every problem of the request in `errors`. Within v1 only "
            "additions: new optional fields, new enumeration values, new endpoints (docs/api.md, 'Versions and "
            "deprecation').",
            path="/schema",
            openapi_router=schema_router(),
            render_plugins=[LocalSwaggerUI(), OpenAPIDocument()],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        description="A partner API key from the town's operator (`lotse keys create`).",
                    )
                }
            ),
        ),
        state=State(
            {"settings": settings, "sign_in_turns": SignInTurns(), "key_cache": KeyCache(settings.reload_seconds)}
        ),
    )
