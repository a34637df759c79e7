"""A study of three actions at the edge: the native route names the action and gives every
action's probability; the MiWaves and JustIn routes, whose contracts answer 0 or 1, refuse it
before anything is decided."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from rldomain.study import Study
from tests.component.fakes import InMemoryRecord
from tests.component.gateway.conftest import local, participant
from tests.component.gateway.edge.harness import EdgeState, refused, serve
from tests.component.gateway.fakes import AnsweringPublisher, FixedClock, InMemoryParticipants

CONTEXT = {"mood": "low", "sleep_hours": 7.5}


@pytest.fixture
def person(studies: dict[str, Study], registry: InMemoryParticipants, clock: FixedClock) -> str:
    """A three_messages participant on their second day, its window (19:00 London) open."""
    p = participant(studies["three_messages"])
    registry.rows[(p.study_id, p.participant_id)] = p
    clock.at = local(1, 1500)
    return p.participant_id


async def test_the_native_answer_names_the_action_and_gives_every_actions_probability(
    client: httpx.AsyncClient, person: str, record: InMemoryRecord
) -> None:
    # No decision service answers here: the study's fallback, (0.34, 0.33, 0.33), is decided.
    answer = await client.post(
        "/v1/studies/three_messages/actions", json={"participant_id": person, "context": CONTEXT}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["probabilities"] == [0.34, 0.33, 0.33] and body["probability"] == 0.33
    assert body["action_name"] == ["no_message", "message_a", "message_b"][body["action"]]
    [stored] = record.decisions.values()
    assert (stored.action, stored.probabilities) == (body["action"], body["probabilities"])


async def test_the_justin_and_miwaves_action_routes_refuse_a_study_of_three_actions(
    state: EdgeState,
    person: str,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
) -> None:
    settings = state.settings.model_copy(
        update={"justin_study": "three_messages", "miwaves_study": "three_messages"}
    )
    async with serve(dataclasses.replace(state, settings=settings)) as client:
        justin = await client.post(
            "/api/v1/action",
            json={
                "user_id": person,
                "timestamp": "2025-01-01T12:00:00Z",
                "decision_idx": 0,
                "context": CONTEXT,
            },
        )
        miwaves = await client.post(
            "/actions",
            json={
                "user_id": person,
                "finished_ema": True,
                "activity_question_response": True,
                "app_use_flag": False,
                "cannabis_use": [0],
            },
        )
    for answer in (justin, miwaves):
        assert "/v1/studies/three_messages/actions" in refused(answer, 409, "study_not_binary")
    assert (publisher.events, record.decisions) == ([], {})
