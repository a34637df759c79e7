"""Notification times that MiWaves' EMA records carry: new ones become a change learnt at
ingest's now (published, the records stored all the same); a record pulled late for a window
older than the latest change, or a window pulled again, changes nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from rladapters.participants import ParticipantView
from rldomain.lifecycle import ENDED
from rldomain.schedule import StudyCalendar, Window, window
from rldomain.study import Study
from rlkernel.events import NotificationTimesChanged
from tests.component.gateway.conftest import local, participant
from tests.component.ingest.builders import ema_record
from tests.component.ingest.conftest import Ingest


@pytest.fixture
def enrolled(ingest: Ingest, studies: dict[str, Study]) -> ParticipantView:
    """Registered with mornings at 9:00 and evenings at 20:00 (Detroit), from Monday."""
    p = replace(participant(studies["miwaves"]), participant_id=ingest.participant)
    ingest.participants.rows[(p.study_id, p.participant_id)] = p
    return p


def their_window(studies: dict[str, Study], p: ParticipantView, index: int) -> Window:
    assert p.schedule is not None
    return window(StudyCalendar.of(studies["miwaves"]), p.schedule, index)


def carrying(index: int, morning: int, evening: int) -> dict[str, Any]:
    return {
        **ema_record(index, rid=100 + index),
        "morning_notification_time_start": [morning] * 7,
        "evening_notification_time_start": [evening] * 7,
    }


def changes(ingest: Ingest) -> list[NotificationTimesChanged]:
    return [e for e in ingest.publisher.events if isinstance(e, NotificationTimesChanged)]


def now_stored(ingest: Ingest) -> ParticipantView:
    return ingest.participants.rows[("miwaves", ingest.participant)]


async def test_new_times_in_a_record_become_a_change_learnt_now(
    ingest: Ingest, enrolled: ParticipantView, studies: dict[str, Study]
) -> None:
    ingest.clock.at = local(1, 2030)  # Tuesday evening, its morning window just closed
    ingest.backend.ema[ingest.participant] = {"e2": carrying(2, 1000, 2100)}
    await ingest.close(their_window(studies, enrolled, 2))
    (version,) = now_stored(ingest).times_changes
    assert (version.at, version.times) == (local(1, 2030), ((1000, 2100),) * 7)
    assert (version.source, version.actor) == ("miwaves_ema", "ingest")
    (event,) = changes(ingest)
    assert (event.at, event.times, event.source) == (version.at, [[1000, 2100]] * 7, "miwaves_ema")
    assert [o.rid for o in ingest.published()] == [102]  # the record is stored all the same


async def test_a_record_pulled_late_for_a_window_before_the_change_changes_nothing(
    ingest: Ingest, enrolled: ParticipantView, studies: dict[str, Study]
) -> None:
    ingest.clock.at = local(1, 2030)
    ingest.backend.ema[ingest.participant] = {"e2": carrying(2, 1000, 2100)}
    await ingest.close(their_window(studies, enrolled, 2))
    # Days later the sweep pulls Monday evening's window, whose record carries the times the
    # app had on Monday: the registration's.
    ingest.clock.at = local(4, 1200)
    ingest.backend.ema[ingest.participant] = {"e1": carrying(1, 900, 2000)}
    await ingest.close(their_window(studies, enrolled, 1))
    assert [v.times[0] for v in now_stored(ingest).times_changes] == [(1000, 2100)]
    assert len(changes(ingest)) == 1
    # A window that opened after the change is the app's word again.
    ingest.backend.ema[ingest.participant] = {"e6": carrying(6, 800, 1900)}
    await ingest.close(their_window(studies, enrolled, 6))
    assert [v.times[0] for v in now_stored(ingest).times_changes] == [(1000, 2100), (800, 1900)]


async def test_a_record_carrying_the_times_in_force_changes_nothing(
    ingest: Ingest, enrolled: ParticipantView, studies: dict[str, Study]
) -> None:
    ingest.clock.at = local(1, 2030)
    ingest.backend.ema[ingest.participant] = {"e2": carrying(2, 900, 2000)}
    await ingest.close(their_window(studies, enrolled, 2))
    assert now_stored(ingest).times_changes == () and changes(ingest) == []


async def test_a_window_pulled_again_adds_no_second_change(
    ingest: Ingest, enrolled: ParticipantView, studies: dict[str, Study]
) -> None:
    malformed = {**ema_record(3, rid=7), "act_prob": 7.25}  # the window fails: pulled again
    ingest.backend.ema[ingest.participant] = {"e2": carrying(2, 1000, 2100), "bad": malformed}
    ingest.clock.at = local(1, 2030)
    await ingest.close(their_window(studies, enrolled, 2))
    ingest.clock.at = local(1, 2100)
    await ingest.close(their_window(studies, enrolled, 2))
    assert len(ingest.backend.calls) == 2
    assert len(now_stored(ingest).times_changes) == 1 and len(changes(ingest)) == 1


async def test_an_ended_participant_s_records_change_no_times(
    ingest: Ingest, enrolled: ParticipantView, studies: dict[str, Study]
) -> None:
    ingest.participants.rows[("miwaves", ingest.participant)] = replace(enrolled, status=ENDED)
    ingest.clock.at = local(1, 2030)
    ingest.backend.ema[ingest.participant] = {"e2": carrying(2, 1000, 2100)}
    await ingest.close(their_window(studies, enrolled, 2))
    assert now_stored(ingest).times_changes == () and changes(ingest) == []
