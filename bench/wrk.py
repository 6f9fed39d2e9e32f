"""Driving a running service with ``wrk`` (Debian's package): the Lua scripts and the reading of its summary.

wrk runs with one thread, so the load generator costs little CPU next to the service on a 2-core machine.
The plan script sends one of a few hundred pre-generated profile bodies, picked at random per request.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "bench/load.py needs wrk, the HTTP load generator: apt-get install wrk (Debian/Ubuntu)"

# Written by wrk's done() callback: requests, non-2xx/3xx answers, socket errors (connect, read, write,
# timeout), the duration in microseconds, and the latency percentiles in microseconds.
_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LOTSE-RESULT %d %d %d %d %d %d %d %.1f %.1f\\n", summary.requests, e.status,
    e.connect, e.read, e.write, e.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
end
"""

_SEEDING = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  math.randomseed(7919 * thread_number)
end
"""


@dataclass(frozen=True, slots=True)
class Result:
    requests: int
    non_2xx: int
    socket_errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def wrk_path() -> str | None:
    return shutil.which("wrk")


def _long_string(text: str) -> str:
    level = "="
    while f"]{level}]" in text:
        level += "="
    return f"[{level}[{text}]{level}]"


def plan_script(bodies: list[str], key: str) -> str:
    """POST /api/v1/plans with a random body of ``bodies`` and the API key."""
    table = ",\n".join(_long_string(body) for body in bodies)
    return f"""{_SEEDING}
local bodies = {{
{table}
}}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {key}"
function request()
  return wrk.format(nil, nil, nil, bodies[math.random(#bodies)])
end
{_DONE}"""


def health_script() -> str:
    return f'wrk.method = "GET"\n{_DONE}'


def run(url: str, script: Path, clients: int, seconds: int) -> Result:
    """One wrk run of ``seconds`` with ``clients`` open connections (one thread)."""
    wrk = wrk_path()
    assert wrk is not None
    command = [wrk, "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next((row for row in output.splitlines() if row.startswith("LOTSE-RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, status, connect, read, write, timeout, duration, p50, p99 = line.split()[1:]
    return Result(
        requests=int(requests),
        non_2xx=int(status),
        socket_errors=int(connect) + int(read) + int(write) + int(timeout),
        seconds=int(duration) / 1e6,
        p50_ms=float(p50) / 1000,
        p99_ms=float(p99) / 1000,
    )
