"""The partner tool of docs/api.md works: the code block is docs/examples/partner.py, and it runs against the
application with a key of the scopes plans and referrals."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
DOCS = Path(__file__).parents[2] / "docs"
EXAMPLE = DOCS / "examples" / "partner.py"


def test_the_documented_code_is_the_example_file() -> None:
    section = (DOCS / "api.md").read_text(encoding="utf-8").split("## A partner tool in Python", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    assert block[1] == EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("seeded_database_url", ["sqlite"], indirect=True)
def test_the_partner_example_makes_a_plan_and_a_referral(client: Client, capsys: pytest.CaptureFixture[str]) -> None:
    client.cookies.clear()  # a partner tool has no staff session, only its key
    spec = importlib.util.spec_from_file_location("partner_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    referral = example.refer_to_first_offer(client)
    assert referral["status"] == "referred"
    assert [step["by"] for step in referral["history"]] == ["partner"]
    printed = capsys.readouterr().out
    assert printed.startswith("1. ") and "Referred to " in printed and "/vermittlung/" in printed
    with pytest.raises(RuntimeError, match="400 Invalid request: work: Invalid enum value 'x'; housing: is required"):
        example.checked(client.post("/api/v1/plans", json={"german_level": "A1", "children_ages": [], "work": "x"}))
