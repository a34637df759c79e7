"""The notification-times routes over the fakes: what a change refuses (nothing stored, nothing
published), what it answers (the first window at the new times), and the versions listed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.notification_times import TimesDeps
from rladapters.participants import ParticipantView
from rldomain.lifecycle import ENDED, WITHDRAWN
from rldomain.study import Study
from rlkernel.events import NotificationTimesChanged
from tests.component.gateway.conftest import local, participant
from tests.component.gateway.edge.harness import EdgeState, refused
from tests.component.gateway.fakes import AnsweringPublisher, FixedClock, InMemoryParticipants

MIWAVES = "/v1/studies/miwaves/participants"
LATER = {"notification_times": [[1000, 2100]]}  # every day


@pytest.fixture
def times(state: EdgeState, publisher: AnsweringPublisher, clock: FixedClock) -> TimesDeps:
    state.times = TimesDeps(state.participants, publisher, clock.now)
    return state.times


def enrolled(registry: InMemoryParticipants, study: Study, status: str = "STARTED") -> str:
    p = participant(study, status=status)
    registry.rows[(p.study_id, p.participant_id)] = p
    return p.participant_id


def stored(registry: InMemoryParticipants, participant_id: str) -> ParticipantView:
    return registry.rows[("miwaves", participant_id)]


async def test_a_change_answers_the_first_window_at_the_new_times_and_is_listed_after_the_first(
    client: httpx.AsyncClient,
    times: TimesDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
) -> None:
    who = enrolled(registry, studies["miwaves"])
    # At noon on their first day: the morning window (9:00) is open and keeps its times; the
    # evening one has not opened, and opens at 21:00 instead of 20:00.
    answer = await client.put(f"{MIWAVES}/{who}/notification-times", json=LATER)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["changed"], body["at"]) == (True, local(0, 1200).isoformat())
    assert body["notification_times"] == [[1000, 2100]] * 7
    assert body["first_new_window"] == 1
    assert body["first_new_window_start"] == local(0, 2100).isoformat()
    (event,) = publisher.events
    assert isinstance(event, NotificationTimesChanged)
    assert (event.participant_id, event.source, event.actor) == (who, "api", "component-client")

    listed = (await client.get(f"{MIWAVES}/{who}/notification-times")).json()["versions"]
    assert [(v["source"], v["at"], v["notification_times"][0]) for v in listed] == [
        ("registration", None, [900, 2000]),
        ("api", local(0, 1200).isoformat(), [1000, 2100]),
    ]


async def test_asking_again_for_the_times_in_force_stores_nothing(
    client: httpx.AsyncClient,
    times: TimesDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
) -> None:
    who = enrolled(registry, studies["miwaves"])
    assert (await client.put(f"{MIWAVES}/{who}/notification-times", json=LATER)).status_code == 200
    again = (await client.put(f"{MIWAVES}/{who}/notification-times", json=LATER)).json()
    assert (again["changed"], again["at"], again["first_new_window"]) == (False, None, None)
    assert len(stored(registry, who).times_changes) == 1 and len(publisher.events) == 1


@pytest.mark.parametrize("status", [ENDED, WITHDRAWN])
async def test_an_ended_participant_s_times_cannot_change(
    client: httpx.AsyncClient,
    times: TimesDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
    status: str,
) -> None:
    who = enrolled(registry, studies["miwaves"], status)
    answer = await client.put(f"{MIWAVES}/{who}/notification-times", json=LATER)
    refused(answer, 409, "participant_ended")
    assert stored(registry, who).times_changes == () and publisher.events == []


async def test_a_study_that_sets_the_times_refuses_a_participant_s(
    client: httpx.AsyncClient, times: TimesDeps, user: str, publisher: AnsweringPublisher
) -> None:
    where = f"/v1/studies/justin/participants/{user}/notification-times"
    refused(await client.put(where, json=LATER), 409, "study_sets_times")
    assert publisher.events == []
    listed = (await client.get(where)).json()
    assert listed["versions"] == []


async def test_an_unknown_participant_is_not_found(
    client: httpx.AsyncClient, times: TimesDeps
) -> None:
    where = f"{MIWAVES}/nobody/notification-times"
    refused(await client.put(where, json=LATER), 404, "participant_not_found")
    refused(await client.get(where), 404, "participant_not_found")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"notification_times": [[900, 1300, 2000]]}, "invalid_times"),  # miwaves has two a day
        ({"notification_times": [[2000, 900]]}, "invalid_request"),  # not increasing
        ({"notification_times": [[900, 2460]]}, "invalid_request"),  # not a time
        ({"notification_times": [[900, 2000]] * 2}, "invalid_request"),  # neither 1 nor 7 days
        ({"notification_times": [[900, 2000]] * 6 + [[900]]}, "invalid_request"),  # uneven
        ({"notification_times": []}, "invalid_request"),
        ({"notification_times": [["09:00", "20:00"]]}, "invalid_request"),  # strict: numbers
        ({**LATER, "at": "2026-03-01T00:00:00Z"}, "invalid_request"),  # no backdating field
        ({}, "invalid_request"),
    ],
)
async def test_times_that_registration_would_refuse_are_refused_and_nothing_stored(
    client: httpx.AsyncClient,
    times: TimesDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
    body: dict[str, Any],
    code: str,
) -> None:
    who = enrolled(registry, studies["miwaves"])
    refused(await client.put(f"{MIWAVES}/{who}/notification-times", json=body), 422, code)
    assert stored(registry, who).times_changes == () and publisher.events == []
