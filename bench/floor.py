"""One client over HTTP: what a plan costs above the floor that any ``POST`` to the same service pays.

The issue's one-client target is a ratio to ``GET /health``. This benchmark splits a plan request into what
the plan itself does and what any ``POST`` answered by the same application costs, each measured over HTTP
with ``wrk`` (one thread, one connection), one worker under Granian as ``lotse serve`` starts it (uvloop),
on a throw-away PostgreSQL (``--backend sqlite`` for SQLite). The variants of ``POST /api/v1/plans``:

- ``plan``: the endpoint as it is (ranking, reasons, texts, the write to the database, the answer);
- ``unstored``: the same plan, not written to the database;
- ``canned``: the first request's plan answered to every request (the same ~40 KB answer, nothing ranked or
  stored): the request read, authenticated and validated, and the answer encoded and sent;
- ``empty``: a plan answer without recommendations, needs, steps or unmet needs: the request's handling alone.

Each variant runs in its own service process and alternates with ``GET /health`` for ``--rounds`` rounds;
printed: p50 and p99 of each round and the ratio of the plan's p50 to /health's of the same round. The
variants replace ``make_plan`` in the benchmark's own worker process only (this module is the factory that
Granian loads); the application is otherwise the real one. Results: docs/performance.md.

Run: ``.venv/bin/python -m bench.floor`` (needs ``apt-get install wrk`` and, for PostgreSQL, Debian's
``postgresql`` server binaries).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from bench import wrk
from bench.load import BIN, database, free_port, machine, prepare, profile_bodies, running_service

VARIANTS = ("plan", "unstored", "canned", "empty")
VARIANT_SETTING = "LOTSE_BENCH_FLOOR"


def app() -> Any:
    """Granian's factory in the benchmark's worker: the real application with ``make_plan`` replaced."""
    import web.api.plans
    from web.server import app as real_app

    variant = os.environ.get(VARIANT_SETTING, "plan")
    if variant not in VARIANTS:
        raise SystemExit(f"{VARIANT_SETTING} must be one of {', '.join(VARIANTS)}, got {variant!r}")
    handlers = vars(web.api.plans)  # the module the endpoint looks make_plan up in
    real = handlers["make_plan"]
    answers: dict[str, Any] = {}

    async def unstored(profile: Any, matching: Any, store: Any, channel: str, **named: Any) -> Any:
        return await real(profile, matching, None, channel, **named)

    async def canned(profile: Any, matching: Any, store: Any, channel: str, **named: Any) -> Any:
        if "plan" not in answers:
            answers["plan"] = await real(profile, matching, None, channel, **named)
        return answers["plan"]

    async def empty(profile: Any, matching: Any, store: Any, channel: str, **named: Any) -> Any:
        if "empty" not in answers:
            plan = await real(profile, matching, None, channel, **named)
            answers["empty"] = msgspec.structs.replace(plan, needs=[], recommendations=[], steps=[], unmet_needs=[])
        return answers["empty"]

    replacement = {"unstored": unstored, "canned": canned, "empty": empty}.get(variant)
    if replacement is not None:
        handlers["make_plan"] = replacement
    return real_app()


def _command(port: int) -> list[str]:
    return [str(BIN / "granian"), "--interface", "asgi", "--factory", "bench.floor:app", "--port", str(port),
            "--workers", "1", "--no-ws", "--loop", "uvloop", "--no-access-log"]  # fmt: skip


def measure(variant: str, args: argparse.Namespace, bodies: list[str]) -> list[tuple[wrk.Result, wrk.Result]]:
    """``args.rounds`` pairs of (plan variant, /health) results from one service process."""
    with tempfile.TemporaryDirectory(prefix="lotse-floor-") as tmp, database(args.backend, Path(tmp)) as url:
        folder = Path(tmp)
        environment = {
            **os.environ,
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
            VARIANT_SETTING: variant,
            "LOTSE_DATA_DIR": str(folder),
            "LOTSE_DATABASE_URL": url,
            "LOTSE_RATE_LIMIT_PER_MINUTE": "100000",
            "LOTSE_LOG_LEVEL": "WARNING",
        }
        key = prepare(environment)
        (folder / "plans.lua").write_text(wrk.plan_script(bodies, key))
        (folder / "health.lua").write_text(wrk.health_script())
        with running_service(_command(free_port()), environment, folder / "service.log") as base:
            wrk.run(f"{base}/api/v1/plans", folder / "plans.lua", 8, args.warmup)
            pairs = []
            for _ in range(args.rounds):
                plan = wrk.run(f"{base}/api/v1/plans", folder / "plans.lua", 1, args.seconds)
                health = wrk.run(f"{base}/health", folder / "health.lua", 1, args.seconds)
                if plan.errors or health.errors:
                    raise SystemExit(f"{variant}: errors in the run ({plan}, {health}); see {folder}/service.log")
                pairs.append((plan, health))
                print(f"| {variant} | {plan.p50_ms:.2f} | {plan.p99_ms:.2f} | {health.p50_ms:.2f} "
                      f"| {plan.p50_ms / health.p50_ms:.1f}× |", flush=True)  # fmt: skip
            return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.floor", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of: {', '.join(VARIANTS)}")
    parser.add_argument("--rounds", type=int, default=3, help="plan and /health runs per variant (default 3)")
    parser.add_argument("--seconds", type=int, default=6, help="duration of each run (default 6)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of plans before the first round")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the service and PostgreSQL on the way out
    if wrk.wrk_path() is None:
        print(wrk.INSTALL_HINT, file=sys.stderr)
        return 2
    variants = [part.strip() for part in args.variants.split(",")]
    unknown = [variant for variant in variants if variant not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    bodies = profile_bodies(300)
    print(f"Machine: {machine()}; {args.backend}, one worker, one client, {args.seconds} s per run")
    print("| variant | plan p50 ms | plan p99 ms | /health p50 ms | plan ÷ /health |", "|---|---:|---:|---:|---:|",
          sep="\n", flush=True)  # fmt: skip
    summary = []
    for variant in variants:
        pairs = measure(variant, args, bodies)
        ratios = [plan.p50_ms / health.p50_ms for plan, health in pairs]
        summary.append(f"{variant}: plan p50 median {statistics.median(p.p50_ms for p, _ in pairs):.2f} ms, "
                       f"ratio median {statistics.median(ratios):.1f}×")  # fmt: skip
    print(*summary, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
