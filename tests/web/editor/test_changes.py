"""Deciding a provider's proposal: two decisions at once (two editors, or approve and reject sent together)
cannot both go through; the one that comes second finds the proposal decided."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from models.access import AuditEvent
from models.catalogue import get_offer
from models.database import create_engine, session_factory
from models.offer_proposal import Decision, OfferProposal
from web.editor.changes import AlreadyDecidedError, decide, propose

OFFER = "mieterfuehrerschein"


async def _decide_twice_at_once(url: str, decisions: tuple[Decision, Decision]) -> tuple[list[object], list[str]]:
    engine = create_engine(url)
    try:
        sessions = session_factory(engine)
        async with sessions() as session:
            offer = await get_offer(session, OFFER)
            assert offer is not None
            proposal_id = (await propose(session, offer, {"capacity": {"available": 2, "maximum": 14}})).id

        both_read = asyncio.Barrier(2)

        async def one(decision: Decision, editor: str) -> object:
            async with sessions() as session:
                proposal = await session.get(OfferProposal, proposal_id)
                offer = await get_offer(session, OFFER)
                assert proposal is not None and offer is not None and proposal.decided_at is None
                await both_read.wait()  # each editor saw the proposal waiting before either decides
                try:
                    return await decide(session, proposal, offer, decision, editor)
                except AlreadyDecidedError as error:
                    return error

        outcomes = list(await asyncio.gather(one(decisions[0], "staff:a"), one(decisions[1], "staff:b")))
        async with sessions() as session:
            actions = list(await session.scalars(
                select(AuditEvent.action).where(AuditEvent.action.in_(("proposal_approved", "proposal_rejected")))
            ))  # fmt: skip
        return outcomes, actions
    finally:
        await engine.dispose()


@pytest.mark.parametrize("decisions", [(Decision.APPROVED, Decision.REJECTED), (Decision.APPROVED, Decision.APPROVED)])
def test_two_decisions_at_once_decide_once(seeded_database_url: str, decisions: tuple[Decision, Decision]) -> None:
    outcomes, actions = asyncio.run(_decide_twice_at_once(seeded_database_url, decisions))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AlreadyDecidedError", "dict"]
    assert len(actions) == 1  # before: approved and rejected both in the audit log, or approved twice
