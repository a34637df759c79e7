"""The study team's participant routes over the fakes: the review queue is a filtered page,
ending needs the review's note (checked before anything is stored), and the history shows
each change with who made it and why."""

from __future__ import annotations

import httpx
import pytest

from gateway.participants import StaffDeps
from rladapters.participants import ParticipantView
from rldomain.lifecycle import COMPLETED_AWAITING_REVIEW, ENDED, STARTED
from rldomain.study import Study
from rlkernel.events import ParticipantStatusChanged
from tests.component.gateway.conftest import participant
from tests.component.gateway.edge.harness import EdgeState, refused
from tests.component.gateway.fakes import AnsweringPublisher, InMemoryParticipants

PARTICIPANTS = "/v1/studies/miwaves/participants"


@pytest.fixture
def staff(state: EdgeState, publisher: AnsweringPublisher) -> StaffDeps:
    state.staff = StaffDeps(state.participants, publisher)
    return state.staff


def enrolled(registry: InMemoryParticipants, study: Study, status: str) -> ParticipantView:
    p = participant(study, status=status)
    registry.rows[(p.study_id, p.participant_id)] = p
    return p


async def test_the_review_queue_lists_only_the_participants_awaiting_review_a_page_at_a_time(
    client: httpx.AsyncClient, registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    waiting = sorted(
        enrolled(registry, studies["miwaves"], COMPLETED_AWAITING_REVIEW).participant_id
        for _ in range(3)
    )
    enrolled(registry, studies["miwaves"], STARTED)
    queue: dict[str, str | int] = {"status": COMPLETED_AWAITING_REVIEW, "limit": 2}
    first = (await client.get(PARTICIPANTS, params=queue)).json()
    assert [p["participant_id"] for p in first["participants"]] == waiting[:2]
    assert first["next_after"] == waiting[1]
    rest = (await client.get(PARTICIPANTS, params={**queue, "after": waiting[1]})).json()
    assert [p["participant_id"] for p in rest["participants"]] == waiting[2:]
    assert rest["next_after"] is None
    assert {p["status"] for p in first["participants"] + rest["participants"]} == {
        COMPLETED_AWAITING_REVIEW
    }
    assert "baseline" not in first["participants"][0]  # the queue shows no baseline


@pytest.mark.parametrize(
    "params",
    [
        {"status": "DONE"},
        {"limit": 0},
        {"limit": 501},
        {"registered_from": "yesterday"},
        {"after": "a\x00b"},
        {"status": ["ENDED"] * 6},
        {"limit": ["2", "3"]},  # one value expected: not silently the last
        {"after": ["a", "b"]},
    ],
)
async def test_a_listing_with_a_filter_it_cannot_use_is_refused_at_the_edge(
    client: httpx.AsyncClient, params: dict[str, str | int | list[str]]
) -> None:
    refused(await client.get(PARTICIPANTS, params=params), 422, "invalid_request")


async def test_a_list_filter_may_repeat_its_key(
    client: httpx.AsyncClient, registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    statuses = [COMPLETED_AWAITING_REVIEW, STARTED]
    listed = {enrolled(registry, studies["miwaves"], s).participant_id for s in statuses}
    answer = await client.get(PARTICIPANTS, params={"status": statuses})
    assert {p["participant_id"] for p in answer.json()["participants"]} == listed


async def test_registration_days_that_run_backwards_are_refused(
    client: httpx.AsyncClient,
) -> None:
    backwards = {"registered_from": "2026-03-02", "registered_to": "2026-03-01"}
    refused(await client.get(PARTICIPANTS, params=backwards), 422, "invalid_filter")


@pytest.mark.parametrize("note", [None, "", "   ", "x" * 1001])
async def test_ending_without_a_usable_note_is_refused_and_changes_nothing(
    client: httpx.AsyncClient,
    staff: StaffDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
    note: str | None,
) -> None:
    done = enrolled(registry, studies["miwaves"], COMPLETED_AWAITING_REVIEW)
    body = {"status": ENDED} if note is None else {"status": ENDED, "note": note}
    answer = await client.post(f"{PARTICIPANTS}/{done.participant_id}/status", json=body)
    refused(answer, 422, "invalid_request")
    assert registry.rows[(done.study_id, done.participant_id)].status == COMPLETED_AWAITING_REVIEW
    assert registry.changes == [] and publisher.events == []


async def test_an_ended_participant_s_history_holds_the_review_s_note(
    client: httpx.AsyncClient,
    staff: StaffDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
) -> None:
    done = enrolled(registry, studies["miwaves"], COMPLETED_AWAITING_REVIEW)
    where = f"{PARTICIPANTS}/{done.participant_id}"
    body = {"status": ENDED, "note": "reviewed: complete"}
    ended = await client.post(f"{where}/status", json=body)
    assert ended.status_code == 200 and ended.json()["participant"]["status"] == ENDED
    history = (await client.get(f"{where}/history")).json()
    assert history["participant_id"] == done.participant_id
    (change,) = history["changes"]
    assert {k: change[k] for k in ("by", "from_status", "to_status", "note")} == {
        "by": "component-client",
        "from_status": COMPLETED_AWAITING_REVIEW,
        "to_status": ENDED,
        "note": "reviewed: complete",
    }
    (event,) = publisher.events
    assert isinstance(event, ParticipantStatusChanged) and event.change_id == change["change_id"]


async def test_the_history_of_an_unknown_participant_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    refused(await client.get(f"{PARTICIPANTS}/nobody/history"), 404, "participant_not_found")
