"""``lotse serve``: the database prepared once, then N worker processes of the application under Granian.

The parent process migrates the schema, seeds an empty catalogue (if ``LOTSE_SEED_ON_START``) and trains a
cold-start model, all before any worker exists; the workers start from :func:`app` (an import string and a
factory, as a multi-process server needs), read the same ``LOTSE_*`` environment and never migrate. Each
worker loads the catalogue and the model itself and polls for changes every ``LOTSE_RELOAD_SECONDS``.
Why Granian and not uvicorn's workers: docs/performance.md, "Several workers".
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from models.database import create_engine, session_factory
from web.settings import Settings

APP_FACTORY = "web.server:app"
WORKER_HEADER = b"x-lotse-worker"
KILL_AFTER_SECONDS = 30
ORPHAN_CHECK_SECONDS = 1.0


def app() -> ASGIApp:
    """The application of one worker process (the factory that Granian calls in every worker)."""
    from granian.utils.proxies import wrap_asgi_with_proxy_headers
    from threadpoolctl import threadpool_limits

    from web.app import create_app
    from web.log_policy import configure_logging

    # The workers already use every core: BLAS threads (NumPy's small products) would only compete with them.
    threadpool_limits(limits=1)
    stop_when_orphaned()
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    application: ASGIApp = create_app(settings, prepare=False)
    if settings.expose_worker:
        application = with_worker_header(application)
    # X-Forwarded-For and -Proto from the reverse proxy (client address for the rate limits, https for HSTS),
    # trusted only from LOTSE_FORWARDED_ALLOW_IPS.
    wrapped: ASGIApp = wrap_asgi_with_proxy_headers(application, trusted_hosts=settings.forwarded_allow_ips)
    return wrapped


def stop_when_orphaned(every_seconds: float = ORPHAN_CHECK_SECONDS) -> None:
    """Stop this worker (SIGTERM: it finishes its open requests) once the ``lotse serve`` that started it is gone.

    A serving process killed with SIGKILL (or lost to the out-of-memory killer) cannot stop its workers: they
    went on answering on its port for good, and a replica started again shared the port with them (operator's
    run-through: an old release answering part of the traffic after an upgrade). Granian's workers are child
    processes of the multiprocessing module; outside one (tests calling the factory) nothing is watched.
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return
    parent_pid = parent.pid

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every_seconds)
        logging.getLogger("lotse.serve").warning("the serving process %d is gone; this worker stops", parent_pid)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def with_worker_header(application: ASGIApp) -> ASGIApp:
    """``application`` answering with ``X-Lotse-Worker: <process id>`` (LOTSE_EXPOSE_WORKER: tests, diagnosis)."""

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await application(scope, receive, send)
            return

        async def send_with_worker(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (WORKER_HEADER, str(os.getpid()).encode())]
                message = {**message, "headers": headers}
            await send(message)

        await application(scope, receive, send_with_worker)

    return answer


def prepare(settings: Settings) -> None:
    """Migrate, seed (if asked and empty) and make sure a model serves: once, in the parent process."""
    from web.app import print_first_account_hint
    from web.bootstrap import prepare_database

    async def run() -> None:
        engine = create_engine(settings.database_url, pool_size=1, max_overflow=1)
        try:
            await prepare_database(engine, seed_if_empty=settings.seed_on_start)
            await print_first_account_hint(session_factory(engine))
        finally:
            await engine.dispose()

    asyncio.run(run())


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Prepare the database, then serve with ``workers`` processes until SIGINT or SIGTERM."""
    from granian.constants import HTTPModes, Interfaces, Loops
    from granian.log import LogLevels
    from granian.server import Server

    prepare(settings)
    Server(
        APP_FACTORY,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        loop=Loops.uvloop,  # docs/performance.md: a quarter more plans per second than asyncio's loop
        workers=workers,
        factory=True,
        websockets=False,
        # HTTP/1.1 only: the reverse proxy speaks it to the replicas, and cleartext HTTP/2 would only be one more
        # way in (its streams carry no Content-Length, and each can hold a request open).
        http=HTTPModes.http1,
        log_level=LogLevels(settings.log_level.lower()),
        log_access=False,  # query strings may carry a needs profile (docs/privacy.md)
        # SIGTERM: each worker finishes its open requests, then stops; one that has not stopped after this
        # many seconds (e.g. stopped while still starting) is killed, so that the service always ends.
        workers_kill_timeout=KILL_AFTER_SECONDS,
        respawn_failed_workers=True,  # a worker that dies (out of memory, a crash in a library) is replaced
    ).serve()
