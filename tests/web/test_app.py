"""web/app.py: the first-account hint names the ``lotse`` command as the operator can call it from there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from web.app import lotse_command


def test_the_hint_names_lotse_as_it_can_be_called(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """It said ``.venv/bin/lotse`` inside the container too, where the command is ``lotse`` on the PATH."""
    installed = Path(sys.executable).parent / "lotse"
    monkeypatch.setenv("PATH", f"{installed.parent}:/usr/bin:/bin")
    assert lotse_command() == "lotse"
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.chdir(installed.parent.parent.parent)  # the checkout of ``make run``
    assert lotse_command() == str(Path(installed.parent.parent.name) / "bin" / "lotse")
    monkeypatch.chdir(installed.parent)
    assert lotse_command() == "./lotse"  # a bare "lotse" is not found where it is not on the PATH
    monkeypatch.chdir(tmp_path)
    assert lotse_command() == str(installed)
