"""The learning path at the edge: windows closed by the clock, uploads, update requests."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from gateway.learning import (
    LearningDeps,
    close_window,
    repull_failed,
    request_update,
    update_status,
    upload,
)
from rladapters.access import Grants
from rldomain.errors import Conflict, Forbidden, Invalid, NotFound
from rldomain.study import Study
from rlkernel.callback_targets import CallbackTargets
from rlkernel.db.models import STUDY_ROLES, WindowRecord
from rlkernel.events import DataUploaded, UpdateRequested, WindowClosed
from tests.component.gateway.conftest import local, participant
from tests.component.gateway.fakes import (
    AnsweringPublisher,
    FixedClock,
    InMemoryFailedWindows,
    InMemoryParticipants,
    InMemoryUpdateRequests,
)


@pytest.fixture
def miwaves(studies: dict[str, Study], registry: InMemoryParticipants) -> str:
    p = participant(studies["miwaves"], status="STARTED")
    registry.rows[(p.study_id, p.participant_id)] = p
    return p.participant_id


async def test_closing_a_window_names_the_one_just_before_the_current_with_its_bounds(
    learning_deps: LearningDeps,
    studies: dict[str, Study],
    miwaves: str,
    publisher: AnsweringPublisher,
    clock: FixedClock,
) -> None:
    clock.at = local(1, 1000)  # Tuesday morning: Monday's evening window just closed
    event = await close_window(learning_deps, studies["miwaves"], miwaves)
    assert (event.decision_index, event.start_time, event.end_time) == (
        1,
        local(0, 2000),
        local(1, 900),
    )
    assert publisher.events == [event]


async def test_an_earlier_window_can_be_named_by_its_index(
    learning_deps: LearningDeps, studies: dict[str, Study], miwaves: str, clock: FixedClock
) -> None:
    clock.at = local(1, 1000)
    event = await close_window(learning_deps, studies["miwaves"], miwaves, 0)
    assert (event.decision_index, event.start_time) == (0, local(0, 900))


async def test_after_the_last_decision_the_last_window_is_the_one_closed(
    learning_deps: LearningDeps, studies: dict[str, Study], miwaves: str, clock: FixedClock
) -> None:
    clock.at = local(40, 1200)  # the study has 30 days: 60 decisions
    event = await close_window(learning_deps, studies["miwaves"], miwaves)
    assert event.decision_index == 59


@pytest.mark.parametrize(("when", "index"), [(local(0, 1200), None), (local(1, 1000), 2)])
async def test_a_window_not_closed_yet_is_refused(
    learning_deps: LearningDeps,
    studies: dict[str, Study],
    miwaves: str,
    publisher: AnsweringPublisher,
    clock: FixedClock,
    when: datetime,
    index: int | None,
) -> None:
    clock.at = when
    with pytest.raises(Conflict) as refused:
        await close_window(learning_deps, studies["miwaves"], miwaves, index)
    assert refused.value.code == "window_not_closed"
    assert publisher.events == []


async def test_a_study_without_windows_refuses_to_close_one(
    learning_deps: LearningDeps, studies: dict[str, Study]
) -> None:
    with pytest.raises(Conflict) as refused:
        await close_window(learning_deps, studies["justin"], "anyone")
    assert refused.value.code == "no_windows"


async def test_an_upload_is_published_for_a_known_participant_only(
    learning_deps: LearningDeps,
    studies: dict[str, Study],
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
) -> None:
    known = participant(studies["justin"], scheduled=False)
    registry.rows[(known.study_id, known.participant_id)] = known
    record = {"context": {"temperature": 20.0}, "action": 1, "outcome": {"clicks": 2}}
    event = await upload(learning_deps, studies["justin"], known.participant_id, 3, record)
    assert publisher.events == [event]
    assert isinstance(event, DataUploaded) and (event.decision_index, event.record) == (3, record)
    with pytest.raises(NotFound):
        await upload(learning_deps, studies["justin"], "stranger", 3, record)
    assert len(publisher.events) == 1


async def test_an_uploaded_action_is_one_of_the_studys(
    learning_deps: LearningDeps,
    studies: dict[str, Study],
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
) -> None:
    three = participant(studies["three_messages"])
    registry.rows[(three.study_id, three.participant_id)] = three
    record = {"context": {"mood": "low"}, "action": 2, "action_prob": 0.3, "outcome": {}}
    await upload(learning_deps, studies["three_messages"], three.participant_id, 0, record)
    assert len(publisher.events) == 1
    for study, action in (("three_messages", 3), ("justin", 2)):  # 0..K-1 only
        with pytest.raises(Invalid) as refused:
            await upload(learning_deps, studies[study], "anyone", 0, {**record, "action": action})
        assert refused.value.code == "invalid_action"
    assert len(publisher.events) == 1


async def test_an_update_request_is_recorded_as_processing_and_published(
    learning_deps: LearningDeps,
    studies: dict[str, Study],
    publisher: AnsweringPublisher,
    clock: FixedClock,
) -> None:
    # The justin example study allows its development receiver on this machine.
    deps = replace(learning_deps, callbacks=CallbackTargets(allow_private=True))
    url = "http://127.0.0.1:9000/done"
    event = await request_update(deps, studies["justin"], url, None)
    assert publisher.of(UpdateRequested) == [event]
    assert event.requested_at == clock.at and event.callback_url == url
    member = Grants("c", admin=False, roles={"justin": frozenset({"backend"})})
    stored = await update_status(learning_deps, event.update_id, member)
    assert (stored.status, stored.study_id) == ("processing", "justin")
    stranger = Grants("c", admin=True, roles={"miwaves": frozenset(STUDY_ROLES)})
    with pytest.raises(Forbidden):  # an admin or another study's client reads no study's data
        await update_status(learning_deps, event.update_id, stranger)


@pytest.mark.parametrize(
    ("study", "url", "code"),
    [
        ("justin", "http://backend.example.org/done", "callback_host_not_allowed"),
        ("justin", "http://127.0.0.1:9000/done", "callback_address_not_allowed"),
        ("miwaves", "http://127.0.0.1:9000/done", "callbacks_not_allowed"),
    ],
)
async def test_a_callback_off_the_study_list_or_to_a_private_address_is_refused_up_front(
    learning_deps: LearningDeps,
    studies: dict[str, Study],
    publisher: AnsweringPublisher,
    study: str,
    url: str,
    code: str,
) -> None:
    with pytest.raises(Invalid) as refused:  # 422 at the edge
        await request_update(learning_deps, studies[study], url, None)
    assert refused.value.code == code
    assert publisher.events == []
    assert isinstance(learning_deps.updates, InMemoryUpdateRequests)
    assert learning_deps.updates.rows == {}, "nothing stored for the trainer to finish"


async def test_the_status_of_an_unknown_update_is_not_found(learning_deps: LearningDeps) -> None:
    with pytest.raises(NotFound) as refused:
        await update_status(learning_deps, uuid.uuid4(), Grants("c", admin=True, roles={}))
    assert refused.value.code == "update_not_found"


async def test_failed_windows_are_reopened_and_published_again(
    learning_deps: LearningDeps, studies: dict[str, Study], publisher: AnsweringPublisher
) -> None:
    assert isinstance(learning_deps.failed_windows, InMemoryFailedWindows)
    rows = learning_deps.failed_windows.rows
    for index, status in enumerate(["failed", "pulled", "failed"]):
        rows.append(window_row("miwaves", index, status))
    rows.append(window_row("other", 0, "failed"))
    assert await repull_failed(learning_deps, studies["miwaves"]) == 2
    closed = [e for e in publisher.events if isinstance(e, WindowClosed)]
    assert [(e.study_id, e.decision_index) for e in closed] == [
        ("miwaves", 0),
        ("miwaves", 2),
    ]
    assert [w.status for w in rows] == ["pending", "pulled", "pending", "failed"]


def window_row(study_id: str, index: int, status: str) -> WindowRecord:
    return WindowRecord(
        study_id=study_id,
        participant_id="p-1",
        decision_index=index,
        start_time=local(index, 900),
        end_time=local(index, 2000),
        status=status,
        attempts=3,
        updated_at=datetime(2026, 3, 10, index, tzinfo=UTC),
    )
