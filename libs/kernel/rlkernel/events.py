"""The event catalog: every message on Kafka is one of these typed, versioned models.

Events are past-tense facts. Each carries event_id (for idempotent consumers), occurred_at and
schema_version; a consumer refuses a version it does not know instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from rldomain.schedule import Window

ClosedBy = Literal["backend", "sweep"]  # who closed a decision window


def utcnow() -> datetime:
    return datetime.now(UTC)


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    topic_attr: ClassVar[str]  # the Topics attribute naming this event's topic
    key_field: ClassVar[str] = "participant_id"  # orders a participant's events in a partition

    event_id: UUID = Field(default_factory=uuid4)
    occurred_at: datetime = Field(default_factory=utcnow)
    schema_version: Literal[1] = 1

    def partition_key(self) -> bytes:
        return str(getattr(self, self.key_field) or "").encode()


class ActionRequested(Event):
    """A study backend asked for an action; the decision service answers on `reply_to`."""

    topic_attr = "actions_requested"
    request_id: UUID
    reply_to: str
    study_id: str
    participant_id: str
    decision_index: int
    context: dict[str, Any]
    requested_at: datetime


class DecisionMade(Event):
    """The one decision of a slot, with everything needed to re-derive it from the log."""

    topic_attr = "decisions_made"
    request_id: UUID
    study_id: str
    participant_id: str
    decision_index: int
    rid: int
    seed: int
    action: int = Field(ge=0)  # 0..K-1 of the study's actions; 0 is "no treatment"
    probability: float  # P(action 1), whatever the number of actions
    # Every action's probability, for studies of three or more actions only: a binary study's
    # is (1 - probability, probability), and its events carry no such key, byte for byte as
    # before (rldomain.algorithms.probability_vector reads both kinds).
    probabilities: list[float] | None = Field(default=None, exclude_if=lambda v: v is None)
    policy_version: int
    algorithm: str
    state: list[float]
    context: dict[str, Any]
    recent_rewards: list[float]
    fallback: bool
    fallback_reason: str | None = None
    decided_at: datetime
    decided_by: str  # the service instance: "decision-<id>" or, for a time-out, "gateway-<id>"


def carried_probabilities(probabilities: Sequence[float]) -> list[float] | None:
    """A decision's `probabilities` field, from every action's probability: the vector when
    there are three or more actions, None for two (`probability` says it all)."""
    return [float(p) for p in probabilities] if len(probabilities) > 2 else None


class WindowClosed(Event):
    """A participant's decision window closed: ingest pulls its outcome data."""

    topic_attr = "windows_closed"
    study_id: str
    participant_id: str
    decision_index: int
    start_time: datetime
    end_time: datetime
    # "sweep": no call closed it, ingest's sweep of expired windows did (ingest.sweep). A
    # backend's close carries no such key, byte for byte as before.
    closed_by: ClosedBy = Field(default="backend", exclude_if=lambda v: v == "backend")

    @classmethod
    def of(
        cls, study_id: str, participant_id: str, window: Window, closed_by: ClosedBy = "backend"
    ) -> WindowClosed:
        return cls(
            study_id=study_id,
            participant_id=participant_id,
            decision_index=window.index,
            start_time=window.start,
            end_time=window.end,
            closed_by=closed_by,
        )

    @property
    def window(self) -> Window:
        return Window(self.decision_index, self.start_time, self.end_time)


class DataUploaded(Event):
    """Outcome data a study backend pushed itself (JustIn upload_data): ingested without a pull."""

    topic_attr = "data_uploaded"
    study_id: str
    participant_id: str
    decision_index: int
    record: dict[str, Any]


class ObservationIngested(Event):
    topic_attr = "observations_ingested"
    study_id: str
    participant_id: str
    decision_index: int
    rid: int
    reward: float
    observation_id: int


class UpdateRequested(Event):
    topic_attr = "updates_requested"
    key_field = "study_id"
    update_id: UUID
    study_id: str
    requested_at: datetime
    callback_url: str | None = None


class PolicyUpdated(Event):
    topic_attr = "policies_updated"
    key_field = "study_id"
    study_id: str
    policy_version: int
    parent_version: int | None
    algorithm: str


class PolicyControlChanged(Event):
    """An operator froze or unfroze learning, or pinned or unpinned the served version; stored
    (policy_controls, with its audit entry) before it is published. `control_id` orders the
    changes of a study."""

    topic_attr = "policy_controls"
    key_field = "study_id"
    study_id: str
    control_id: int
    change: Literal["freeze", "unfreeze", "pin", "unpin"]
    frozen: bool
    pinned_version: int | None
    changed_by: str
    reason: str


class StudyControlChanged(Event):
    """An admin marked a pilot study live (for good), or reset a pilot's data: its
    participants, decisions, windows, observations, policy versions (back to version 1 from the
    priors), controls, exclusions, dead letters and update requests deleted, `deleted` counting
    each table's rows. Stored (study_phases, with its audit entry) before it is published.
    Replay leaves out the decisions made before the latest reset's `changed_at`."""

    topic_attr = "study_controls"
    key_field = "study_id"
    study_id: str
    change: Literal["live", "reset"]
    phase: Literal["pilot", "live"]  # the study's phase after the change
    changed_by: str
    changed_at: datetime  # the service clock's time
    deleted: dict[str, int] = Field(default_factory=dict)  # a reset's rows, by table


class ParticipantStatusChanged(Event):
    """A study's staff ended (after review, with its note) or withdrew a participant; stored
    (participant_status_changes, with its audit entry) before it is published. The moves a
    participant's decisions make (STARTED, COMPLETED_AWAITING_REVIEW) are not published again:
    the decisions that make them are on decisions.made."""

    topic_attr = "participant_status"
    study_id: str
    participant_id: str
    change_id: int  # the history row: orders a participant's changes
    from_status: str | None
    to_status: str
    changed_by: str
    note: str | None = None
    changed_at: datetime


class NotificationTimesChanged(Event):
    """A participant's notification times changed: through the native route (`source` "api")
    or an EMA record carrying new ones ("miwaves_ema"); stored (participants.times_changes,
    with its audit entry) before it is published. `at` is when rl-service learnt them: windows
    that opened before it keep their times (rldomain.schedule)."""

    topic_attr = "participant_times"
    study_id: str
    participant_id: str
    at: datetime
    times: list[list[int]]  # per weekday, Monday first, the day's HHMM times
    source: Literal["api", "miwaves_ema"]
    actor: str


class DeadLettered(Event):
    """A message that could not be processed and will not be retried away; shown in status."""

    topic_attr = "dead_letter"
    key_field = "key"
    source_topic: str
    service: str
    reason: str
    key: str | None = None
    payload: dict[str, Any]
    # Where the message was, when it was one consumed from Kafka.
    source_partition: int | None = None
    source_offset: int | None = None
    # The message as text when it is not a JSON object (then `payload` is empty).
    payload_text: str | None = None


CATALOG: tuple[type[Event], ...] = (
    ActionRequested,
    DecisionMade,
    WindowClosed,
    DataUploaded,
    ObservationIngested,
    UpdateRequested,
    PolicyUpdated,
    PolicyControlChanged,
    StudyControlChanged,
    ParticipantStatusChanged,
    NotificationTimesChanged,
    DeadLettered,
)
