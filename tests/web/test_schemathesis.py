"""Schemathesis over the whole OpenAPI of a served Lotse (real HTTP, with a partner key): no server errors."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import add_key
from tests.web.browser.conftest import serve

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


@pytest.fixture(scope="module")
def served(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("schemathesis")
    for base in serve(sqlite_template, folder, {"LOTSE_RATE_LIMIT_PER_MINUTE": "100000"}):
        yield base, folder


def test_no_server_errors_anywhere_in_the_api(served: tuple[str, Path], tmp_path: Path) -> None:
    base, folder = served
    key = asyncio.run(add_key(f"sqlite+aiosqlite:///{folder / 'lotse.db'}", "schemathesis", ["feedback", "plans"]))
    command = [SCHEMATHESIS, "run", f"{base}/schema/openapi.json", "--checks", "not_a_server_error",
               "-H", f"Authorization: Bearer {key}", "--max-examples", "30", "--seed", "1", "--no-shrink",
               "--report", "junit", "--report-dir", str(tmp_path)]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)  # its cache stays there
    assert run.returncode == 0, run.stdout[-4000:]
    assert "passed" in run.stdout
