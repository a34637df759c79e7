"""Registration and the participant life-cycle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from gateway import participants
from gateway.participants import StaffDeps
from gateway.schemas import Baseline
from rladapters.participant_history import ParticipantFilter
from rldomain.errors import Conflict, Invalid, NotFound
from rldomain.lifecycle import COMPLETED_AWAITING_REVIEW, ENDED, REGISTERED, WITHDRAWN
from rldomain.schedule import ParticipantSchedule, Schedule
from rldomain.study import Study
from rlkernel.events import ParticipantStatusChanged
from tests.component.gateway.conftest import RL_START, baseline, participant
from tests.component.gateway.fakes import AnsweringPublisher, InMemoryParticipants


async def test_a_scheduled_study_refuses_a_participant_without_baseline(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    with pytest.raises(Invalid) as refused:
        await participants.register(registry, studies["miwaves"], "p-1", None)
    assert refused.value.code == "baseline_required"
    assert registry.rows == {}


async def test_a_registered_participant_gets_the_schedule_of_their_baseline(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    view = await participants.register(registry, studies["miwaves"], "p-1", baseline())
    assert view.status == REGISTERED
    assert view.schedule is not None and view.schedule.times == ((900, 2000),) * 7
    assert await participants.find(registry, "miwaves", "p-1") == view


async def test_registering_the_same_participant_twice_is_a_conflict(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    await participants.register(registry, studies["justin"], "p-1", None)
    with pytest.raises(Conflict) as refused:
        await participants.register(registry, studies["justin"], "p-1", None)
    assert refused.value.code == "participant_exists"


@pytest.fixture
def staff(registry: InMemoryParticipants, publisher: AnsweringPublisher) -> StaffDeps:
    return StaffDeps(registry, publisher)


async def test_an_invalid_transition_is_refused_and_the_status_kept(
    staff: StaffDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
) -> None:
    await participants.register(registry, studies["justin"], "p-1", None)
    with pytest.raises(Conflict) as refused:
        await participants.change_status(staff, "justin", "p-1", ENDED, "op", "reviewed")
    assert refused.value.code == "invalid_transition"
    assert (await participants.find(registry, "justin", "p-1")).status == REGISTERED
    assert [c.to_status for c in registry.changes] == [REGISTERED]  # no history row
    assert publisher.events == []


async def test_a_registered_participant_can_withdraw(
    staff: StaffDeps, registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    await participants.register(registry, studies["justin"], "p-1", None)
    changed = await participants.change_status(staff, "justin", "p-1", WITHDRAWN, "op")
    assert changed.status == WITHDRAWN
    assert (await participants.find(registry, "justin", "p-1")).status == WITHDRAWN


async def test_the_review_ends_a_participant_with_its_note_in_history_and_on_the_log(
    staff: StaffDeps,
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    studies: dict[str, Study],
) -> None:
    done = participant(studies["miwaves"], status=COMPLETED_AWAITING_REVIEW)
    registry.rows[(done.study_id, done.participant_id)] = done
    ended = await participants.change_status(
        staff, "miwaves", done.participant_id, ENDED, "op-1", "all 60 slots decided"
    )
    assert ended.status == ENDED
    (change,) = await participants.history(registry, "miwaves", done.participant_id)
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        COMPLETED_AWAITING_REVIEW,
        ENDED,
        "op-1",
        "all 60 slots decided",
    )
    (event,) = publisher.events
    assert isinstance(event, ParticipantStatusChanged)
    assert (event.participant_id, event.change_id, event.to_status, event.note) == (
        done.participant_id,
        change.change_id,
        ENDED,
        "all 60 slots decided",
    )


async def test_changing_an_unknown_participant_is_not_found(staff: StaffDeps) -> None:
    with pytest.raises(NotFound) as refused:
        await participants.change_status(staff, "justin", "nobody", WITHDRAWN, "op")
    assert refused.value.code == "participant_not_found"


async def test_the_history_of_an_unknown_participant_is_not_found(
    registry: InMemoryParticipants,
) -> None:
    with pytest.raises(NotFound):
        await participants.history(registry, "justin", "nobody")


async def test_a_listing_refuses_registration_days_that_run_backwards(
    registry: InMemoryParticipants,
) -> None:
    backwards = ParticipantFilter(registered_from=RL_START, registered_to=date(2026, 3, 1))
    with pytest.raises(Invalid) as refused:
        await participants.listing(registry, "miwaves", backwards)
    assert refused.value.code == "invalid_filter"


def with_schedule(study: Study, **schedule: Any) -> Study:
    return study.model_copy(update={"schedule": Schedule.model_validate(schedule)})


THREE_A_DAY = {"kind": "daily", "windows": 3, "times": "participant", "days": 10}


async def test_a_native_participant_gives_one_day_of_times_for_every_day(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    study = with_schedule(studies["miwaves"], **THREE_A_DAY)
    given = Baseline(rl_start_date=RL_START, notification_times=[[900, 1300, 1800]])
    view = await participants.register(registry, study, "p-1", given)
    assert view.schedule == ParticipantSchedule(
        RL_START, RL_START + timedelta(days=9), ((900, 1300, 1800),) * 7
    )
    assert view.baseline == {
        "rl_start_date": RL_START.isoformat(),
        "notification_times": [[900, 1300, 1800]] * 7,
    }


async def test_a_miwaves_baseline_is_stored_as_it_came(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    view = await participants.register(registry, studies["miwaves"], "p-1", baseline())
    assert set(view.baseline) == {
        "morning_notification_time_start",
        "evening_notification_time_start",
        "consent_start_date",
        "consent_end_date",
        "rl_start_date",
        "rl_end_date",
    }


async def test_a_study_with_fixed_times_takes_only_the_start_date(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    study = with_schedule(
        studies["miwaves"], kind="daily", windows=1, times=[1900], days=10, weekdays=weekdays
    )
    view = await participants.register(registry, study, "p-1", Baseline(rl_start_date=RL_START))
    # Ten weekdays from Monday 2 March: the last is Friday 13 March.
    assert view.schedule == ParticipantSchedule(RL_START, RL_START + timedelta(days=11))


@pytest.mark.parametrize(
    ("schedule", "given", "message"),
    [
        (THREE_A_DAY, {}, "baseline.notification_times is required"),
        (THREE_A_DAY, {"notification_times": [[900, 1800]]}, "must give 3 times a day"),
        (
            {"kind": "daily", "windows": 1, "times": [900], "days": 5},
            {"notification_times": [[900]]},
            "sets the notification times",
        ),
        (
            {"kind": "daily", "windows": 1, "times": "participant"},
            {"notification_times": [[900]]},
            "baseline.rl_end_date is required",
        ),
    ],
)
async def test_a_baseline_the_schedule_cannot_use_is_refused(
    registry: InMemoryParticipants,
    studies: dict[str, Study],
    schedule: dict[str, Any],
    given: dict[str, Any],
    message: str,
) -> None:
    study = with_schedule(studies["miwaves"], **schedule)
    with pytest.raises(Invalid, match=message) as refused:
        await participants.register(
            registry, study, "p-1", Baseline(rl_start_date=RL_START, **given)
        )
    assert refused.value.code == "invalid_baseline"
    assert registry.rows == {}


WEEK = [900] * 7


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"notification_times": [[900, 960]]}, "notification_times must be 24-hour HHMM"),
        ({"notification_times": [[900, 900]]}, "notification_times must be strictly increasing"),
        ({"notification_times": [[900]] * 2}, "notification_times must list one day's"),
        ({"notification_times": [[900]] * 6 + [[900, 1000]]}, "every day as many times"),
        (
            {
                "notification_times": [[900]],
                "morning_notification_time_start": WEEK,
                "evening_notification_time_start": [2000] * 7,
            },
            "not both",
        ),
        ({"morning_notification_time_start": WEEK}, "go together"),
        (
            {"morning_notification_time_start": WEEK, "evening_notification_time_start": WEEK},
            "morning and evening notification times must be strictly increasing",
        ),
        ({"rl_end_date": RL_START - timedelta(days=1)}, "rl_end_date is before rl_start_date"),
    ],
)
def test_a_baseline_is_checked_at_the_edge(given: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Baseline.model_validate({"rl_start_date": RL_START, **given})


async def test_a_start_too_late_for_the_study_days_is_refused(
    registry: InMemoryParticipants, studies: dict[str, Study]
) -> None:
    study = with_schedule(studies["miwaves"], **THREE_A_DAY)
    late = Baseline(rl_start_date=date(9999, 12, 30), notification_times=[[900, 1300, 1800]])
    with pytest.raises(Invalid, match="past its days"):
        await participants.register(registry, study, "p-1", late)
