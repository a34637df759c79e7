"""Fixtures of the edge tests: the whole app over the gateway's in-memory fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.actions import ActionDeps
from gateway.learning import LearningDeps
from gateway.studies import Studies
from rldomain.study import Study
from tests.component.gateway.conftest import participant
from tests.component.gateway.edge.harness import EdgeState, edge_state, serve
from tests.component.gateway.fakes import InMemoryParticipants


@pytest.fixture
def state(
    studies: dict[str, Study],
    registry: InMemoryParticipants,
    action_deps: ActionDeps,
    learning_deps: LearningDeps,
) -> EdgeState:
    return edge_state(Studies(studies), registry, action_deps, learning_deps)


@pytest.fixture
async def client(state: EdgeState) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(state) as client:
        yield client


@pytest.fixture
def user(studies: dict[str, Study], registry: InMemoryParticipants) -> str:
    """A registered JustIn user's id."""
    p = participant(studies["justin"], scheduled=False)
    registry.rows[(p.study_id, p.participant_id)] = p
    return p.participant_id


@pytest.fixture
def miwaves_user(studies: dict[str, Study], registry: InMemoryParticipants) -> str:
    """A registered MiWaves participant's id, in their first morning window."""
    p = participant(studies["miwaves"])
    registry.rows[(p.study_id, p.participant_id)] = p
    return p.participant_id
