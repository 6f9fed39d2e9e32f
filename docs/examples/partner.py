"""A partner tool in Python: make a plan, read the recommendations, refer the person to the first offer and
read the referral back. Needs httpx (`pip install httpx`) and a key with the scopes plans and referrals:

    LOTSE_URL=https://lotse.laatzen.de LOTSE_KEY=... python partner.py
"""

from __future__ import annotations

import os
from typing import Any

import httpx

PROFILE = {
    "german_level": "A1",
    "children_ages": [2, 7],
    "work": "job_seeking",
    "housing": "shared_accommodation",
    "languages": ["ar"],
    "plan_language": "en",
}


def checked(answer: httpx.Response) -> Any:
    """The JSON of a 2xx answer; an error is RFC 9457 problem details naming every field that is wrong."""
    if answer.is_success:
        return answer.json()
    problem = answer.json()
    wrong = "; ".join(f"{e['field']}: {e['message']}" for e in problem.get("errors", []))
    raise RuntimeError(f"{problem['status']} {problem['title']}: {wrong or problem['detail']}")


def refer_to_first_offer(api: httpx.Client) -> dict[str, Any]:
    plan = checked(api.post("/api/v1/plans", json=PROFILE))
    for recommendation in plan["recommendations"]:
        reasons = ", ".join(reason["text"] for reason in recommendation["reasons"])
        print(f"{recommendation['rank']}. {recommendation['offer']['title']} ({reasons})")
    first = plan["recommendations"][0]["offer"]
    # Only once the person has agreed that the provider learns of the referral:
    referral = checked(api.post(f"/api/v1/plans/{plan['plan_id']}/referrals", json={"offer_id": first["id"]}))
    current: dict[str, Any] = checked(api.get(f"/api/v1/referrals/{referral['referral_id']}"))
    print(f"Referred to {first['title']}: {current['status']}; send the provider {current['provider_link']}")
    return current


def main() -> None:
    base_url = os.environ.get("LOTSE_URL", "http://127.0.0.1:8000")
    headers = {"Authorization": f"Bearer {os.environ['LOTSE_KEY']}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as api:
        refer_to_first_offer(api)


if __name__ == "__main__":
    main()
