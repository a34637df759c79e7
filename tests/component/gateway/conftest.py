"""The gateway's use cases wired to in-memory fakes: a MiWaves participant whose RL period
starts on a Monday, and a clock the tests move."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gateway.actions import ActionDeps
from gateway.learning import LearningDeps
from gateway.replies import ReplyWaiter
from gateway.schemas import Baseline
from rladapters.participants import ParticipantView
from rldomain.lifecycle import REGISTERED
from rldomain.seeds import study_key
from rldomain.study import Study
from tests.component.fakes import InMemoryRecord
from tests.component.gateway.fakes import (
    AnsweringPublisher,
    FixedClock,
    InMemoryFailedWindows,
    InMemoryParticipants,
    InMemoryUpdateRequests,
)

DETROIT = ZoneInfo("America/Detroit")  # the MiWaves example study's zone
RL_START = date(2026, 3, 2)  # a Monday
POLICY_VERSION = 7


def local(day: int, hhmm: int) -> datetime:
    """`day` days after the RL start, at HHMM in the study's zone."""
    moment = datetime.combine(RL_START + timedelta(days=day), datetime.min.time(), DETROIT)
    return moment.replace(hour=hhmm // 100, minute=hhmm % 100)


def baseline(days: int = 30) -> Baseline:
    """Mornings at 9:00, evenings at 20:00, every day."""
    return Baseline(
        morning_notification_time_start=[900] * 7,
        evening_notification_time_start=[2000] * 7,
        consent_start_date=RL_START,
        consent_end_date=RL_START + timedelta(days=days),
        rl_start_date=RL_START,
        rl_end_date=RL_START + timedelta(days=days - 1),
    )


def participant(study: Study, status: str = REGISTERED, scheduled: bool = True) -> ParticipantView:
    b = baseline() if scheduled else None
    return ParticipantView(
        study_id=study.id,
        participant_id=f"p-{uuid.uuid4().hex[:8]}",
        status=status,
        baseline=b.model_dump(mode="json") if b else {},
        rl_start_date=b.rl_start_date if b else None,
        rl_end_date=b.rl_end_date if b else None,
    )


@pytest.fixture
def publisher() -> AnsweringPublisher:
    return AnsweringPublisher()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(local(0, 1200))  # the first morning window is open


@pytest.fixture
def registry() -> InMemoryParticipants:
    return InMemoryParticipants()


@pytest.fixture
def replies() -> ReplyWaiter:
    return ReplyWaiter()


@pytest.fixture
def action_deps(
    registry: InMemoryParticipants,
    record: InMemoryRecord,
    publisher: AnsweringPublisher,
    replies: ReplyWaiter,
    clock: FixedClock,
    studies: dict[str, Study],
) -> ActionDeps:
    async def policy_version(study_id: str) -> int | None:
        return POLICY_VERSION

    return ActionDeps(
        participants=registry,
        record=record,
        publisher=publisher,
        replies=replies,
        policy_version=policy_version,
        now=clock.now,
        study_keys={sid: study_key("component-secret", sid) for sid in studies},
        reply_topic="rls.replies.component",
        instance="component",
        timeout_seconds=30.0,  # the tests that want a time-out set 0
    )


@pytest.fixture
def learning_deps(
    registry: InMemoryParticipants, publisher: AnsweringPublisher, clock: FixedClock
) -> LearningDeps:
    return LearningDeps(
        participants=registry,
        publisher=publisher,
        updates=InMemoryUpdateRequests(),
        failed_windows=InMemoryFailedWindows(),
        now=clock.now,
    )
