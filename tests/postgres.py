"""A throw-away PostgreSQL server for the test suite, started from the installed server binaries.

As root (CI, containers) the server runs as the ``postgres`` system user that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest installed version), or ``None``."""
    configured = os.environ.get("LOTSE_TEST_PG_BIN")
    candidates = [configured] if configured else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """A throw-away server that a test may stop and start again (same port, same data)."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.workdir = Path(tempfile.mkdtemp(prefix="lotse-pg-"))
        self.data, self.port = self.workdir / "data", _free_port()
        self.as_user: list[str] = []
        self.frozen = False
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.workdir, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "lotse", "--auth=trust", "-E", "UTF8", "--no-locale")

    @property
    def url(self) -> str:
        """The base URL ``postgresql+asyncpg://lotse@host:port`` (add ``/database``)."""
        return f"postgresql+asyncpg://lotse@127.0.0.1:{self.port}"

    def _run(self, program: str, *arguments: str) -> None:
        command = [*self.as_user, str(self.binaries / program), *arguments]
        subprocess.run(command, check=True, capture_output=True, cwd=self.workdir)

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.workdir} -c fsync=off -c synchronous_commit=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.workdir / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def freeze(self) -> None:
        """Stop every process of the server (SIGSTOP), as a hung machine or a network that drops packets looks
        to a client: connections stay open, the kernel still accepts new ones, nothing answers."""
        self._signal_all(signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        self._signal_all(signal.SIGCONT)
        self.frozen = False

    def _signal_all(self, number: signal.Signals) -> None:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, number)  # first: a stopped postmaster starts no new child while they are listed
        for pid in _children(postmaster):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)

    def remove(self) -> None:
        """Stop the server and delete its folder in the background: by the end of a session it holds a database
        per test (hundreds of thousands of files, half a minute to delete) and nothing waits for that."""
        if self.frozen:  # a test that failed while the server was frozen: it could not stop
            self.thaw()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        # A shell that starts `rm` in the background and ends at once (so no child of ours is left to wait for).
        subprocess.run(["sh", "-c", 'rm -rf -- "$1" >/dev/null 2>&1 &', "sh", str(self.workdir)], check=False)


@contextlib.contextmanager
def stoppable_server(binaries: Path) -> Iterator[Server]:
    """A started server on a free loopback port, removed afterwards."""
    server = Server(binaries)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@contextlib.contextmanager
def running_server(binaries: Path) -> Iterator[str]:
    """Start a server on a free loopback port; yields the base URL ``postgresql+asyncpg://lotse@host:port``."""
    with stoppable_server(binaries) as server:
        yield server.url


def _children(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (Linux: the fourth field of /proc/<pid>/stat)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # The command name (second field) is in parentheses and may hold spaces: split after it.
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(stat.parent.name))
    return found
