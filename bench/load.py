"""Plans over HTTP under load, next to ``GET /health`` measured the same way.

For each set-up (SQLite with one worker; a throw-away PostgreSQL with one and with two workers) the benchmark
prepares a database (migrated, demo catalogue, cold-start model), creates an API key, starts the service
itself, and drives ``POST /api/v1/plans`` with realistic random needs profiles (a few hundred bodies drawn
from ``matcher.synthetic``) and then ``GET /health`` at 1, 8, 32 and 128 open connections for a fixed time
each, with ``wrk`` (one thread, a Lua script); with one client also ``GET /ready``, which counts the offers
through the application's database session (BEGIN, SELECT, ROLLBACK) and ranks nothing. Each row: requests
per second, p50 and p99 latency, errors (answers with status ≥ 400 and socket errors); the ratio rows divide
plans by health.

Run: ``.venv/bin/python -m bench.load`` (needs ``apt-get install wrk`` and, for PostgreSQL, Debian's
``postgresql`` server binaries). ``--server uvicorn`` or ``--server granian`` start that server directly
on the same application factory instead of ``lotse serve`` (how the two were compared). Results and the
machine they came from: docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import numpy as np

from bench import wrk

SETUPS = {"sqlite": ("sqlite", 1), "postgresql-1": ("postgresql", 1), "postgresql-2": ("postgresql", 2)}
CLIENTS = (1, 8, 32, 128)
BIN = Path(sys.executable).parent


def profile_bodies(count: int, seed: int = 11) -> list[str]:
    """``count`` JSON bodies of random needs profiles as counsellors' tools send them."""
    from matcher.synthetic import synthetic_profile

    rng = np.random.default_rng(seed)
    return [msgspec.json.encode(synthetic_profile(rng)).decode() for _ in range(count)]


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'lotse.db'}"
        return
    from tests.postgres import running_server, server_binaries

    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("PostgreSQL server binaries are missing: apt-get install postgresql")
    with running_server(binaries) as base:
        yield f"{base}/postgres"


def prepare(environment: dict[str, str]) -> str:
    """Migrate, seed and train once (as ``lotse serve`` does before its workers start); returns an API key."""
    from models.database import create_engine, session_factory
    from web.access.keys import create_key
    from web.server import prepare as prepare_database
    from web.settings import Settings

    settings = Settings.from_env(environment)
    prepare_database(settings)

    async def new_key() -> str:
        engine = create_engine(settings.database_url)
        try:
            async with session_factory(engine)() as session:
                return await create_key(session, "load-test", ["plans"], actor="bench")
        finally:
            await engine.dispose()

    return asyncio.run(new_key())


def server_command(server: str, port: int, workers: int) -> list[str]:
    if server == "lotse":
        return [str(BIN / "lotse"), "serve", "--port", str(port), "--workers", str(workers)]
    if server == "uvicorn":
        return [str(BIN / "uvicorn"), "--factory", "web.server:app", "--port", str(port),
                "--workers", str(workers), "--no-access-log", "--interface", "asgi3"]  # fmt: skip
    return [str(BIN / "granian"), "--interface", "asgi", "--factory", "web.server:app", "--port", str(port),
            "--workers", str(workers), "--no-ws"]  # fmt: skip


@contextlib.contextmanager
def running_service(command: list[str], environment: dict[str, str], log: Path, workers: int = 1) -> Iterator[str]:
    """The service started, ready, and answering from each of its ``workers`` (LOTSE_EXPOSE_WORKER names the
    process): a worker still starting when the load begins would leave every connection to the other one."""
    port = int(command[command.index("--port") + 1])
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 180
            answered: set[str] = set()
            while len(answered) < workers:
                with contextlib.suppress(httpx.TransportError):
                    response = httpx.get(f"{base}/ready", timeout=2)  # a new connection each time
                    if response.status_code == 200:
                        answered.add(response.headers.get("x-lotse-worker", "?"))
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the service did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.1 if answered else 0.3)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def measure_setup(name: str, args: argparse.Namespace, bodies: list[str]) -> list[str]:
    kind, workers = SETUPS[name]
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="lotse-load-") as tmp, database(kind, Path(tmp)) as url:
        folder = Path(tmp)
        environment = {
            **os.environ,
            "LOTSE_DATA_DIR": str(folder),
            "LOTSE_DATABASE_URL": url,
            "LOTSE_RATE_LIMIT_PER_MINUTE": "100000",
            "LOTSE_LOG_LEVEL": "WARNING",
            "LOTSE_EXPOSE_WORKER": "1",  # running_service waits until every worker answers
        }
        key = prepare(environment)
        (folder / "plans.lua").write_text(wrk.plan_script(bodies, key))
        (folder / "health.lua").write_text(wrk.health_script())
        command = server_command(args.server, free_port(), workers)
        with running_service(command, environment, folder / "service.log", workers) as base:
            wrk.run(f"{base}/api/v1/plans", folder / "plans.lua", 8, args.warmup)
            for clients in args.clients:
                plan = wrk.run(f"{base}/api/v1/plans", folder / "plans.lua", clients, args.seconds)
                health = wrk.run(f"{base}/health", folder / "health.lua", clients, args.seconds)
                measured = [("POST /api/v1/plans", plan), ("GET /health", health)]
                if clients == 1:  # an answer that reads the database through the app's session, for comparison
                    measured.append(("GET /ready", wrk.run(f"{base}/ready", folder / "health.lua", 1, args.seconds)))
                for endpoint, result in measured:
                    rows.append(
                        f"| {name} | {args.server} | {workers} | {endpoint} | {clients} | {result.per_second:,.0f} "
                        f"| {result.p50_ms:.2f} | {result.p99_ms:.2f} | {result.non_2xx} | {result.socket_errors} |"
                    )
                ratio = (plan.per_second / health.per_second if health.per_second else 0.0,
                         plan.p50_ms / health.p50_ms if health.p50_ms else 0.0)  # fmt: skip
                rows.append(
                    f"| {name} | {args.server} | {workers} | plan/health | {clients} | {ratio[0]:.2f}× "
                    f"| {ratio[1]:.1f}× | | | |"
                )
                print(*rows[-len(measured) - 1 :], sep="\n", flush=True)
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    wrk_version = subprocess.run([wrk.wrk_path() or "wrk", "-v"], capture_output=True, text=True).stdout
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {wrk_version.split(' Copyright')[0].strip() or 'wrk'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.load", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--setups", default=",".join(SETUPS), help=f"comma-separated, of: {', '.join(SETUPS)}")
    parser.add_argument("--clients", default=",".join(map(str, CLIENTS)), help="open connections per row")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each row (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of plans before the first row")
    parser.add_argument("--profiles", type=int, default=300, help="pre-generated profile bodies")
    parser.add_argument("--server", choices=("lotse", "granian", "uvicorn"), default="lotse")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the service and PostgreSQL on the way out
    if wrk.wrk_path() is None:
        print(wrk.INSTALL_HINT, file=sys.stderr)
        return 2
    args.clients = [int(part) for part in args.clients.split(",")]
    setups = [part.strip() for part in args.setups.split(",")]
    unknown = [setup for setup in setups if setup not in SETUPS]
    if unknown:
        parser.error(f"unknown set-up(s): {', '.join(unknown)}")
    bodies = profile_bodies(args.profiles)
    print(f"Machine: {machine()}")
    print(f"{args.seconds} s per row, {len(bodies)} profile bodies, wrk with one thread; errors: status ≥ 400 | socket")
    header = "| set-up | server | workers | endpoint | clients | requests/s | p50 ms | p99 ms | HTTP errors | socket errors |"
    print(header, "|---|---|---:|---|---:|---:|---:|---:|---:|---:|", sep="\n", flush=True)
    for setup in setups:
        measure_setup(setup, args, bodies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
