"""``lotse serve`` on a real port: the first run creates, migrates and seeds the embedded database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_first_run_serves_the_seeded_catalogue(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "LOTSE_DATA_DIR": str(tmp_path / "data")}
    env.pop("LOTSE_DATABASE_URL", None)
    lotse = Path(sys.executable).parent / "lotse"
    server = subprocess.Popen(
        [str(lotse), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        offers = httpx.get(f"{base}/api/v1/offers", params={"per_page": 1}).json()
        assert offers["total"] >= 150
        probed = httpx.head(f"{base}/api/v1/taxonomy")  # through Granian: headers of GET, no content
        assert (probed.status_code, probed.content) == (200, b"")
        assert int(probed.headers["content-length"]) > 0
        assert (tmp_path / "data" / "lotse.db").exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert "Lotse serves on" in output
