"""Request bodies, validated at the edge: unknown fields are refused, types are strict, and
every field holds only what the stores can (gateway.inputs)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator, model_validator

from gateway.inputs import (
    INT32_MAX,
    MAX_ENTRIES,
    DecisionIndex,
    Finite,
    FreeObject,
    Id,
    Int64,
    Text,
    Timestamp,
)

HHMM = Field(min_length=7, max_length=7)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Baseline(Strict):
    """MiWaves baseline: notification start times per weekday (Monday first) and the dates."""

    morning_notification_time_start: list[int] = HHMM
    evening_notification_time_start: list[int] = HHMM
    consent_start_date: date
    consent_end_date: date
    rl_start_date: date
    rl_end_date: date

    @field_validator("morning_notification_time_start", "evening_notification_time_start")
    @classmethod
    def _clock_times(cls, times: list[int]) -> list[int]:
        for t in times:
            if not (0 <= t <= 2359 and t % 100 < 60):
                raise ValueError("must be 24-hour times like 830 or 2030")
        return times

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        pairs = zip(
            self.morning_notification_time_start, self.evening_notification_time_start, strict=True
        )
        if any(evening <= morning for morning, evening in pairs):
            raise ValueError("evening notification time must be later than morning, every day")
        if self.consent_end_date < self.consent_start_date:
            raise ValueError("consent_end_date is before consent_start_date")
        if self.rl_end_date < self.rl_start_date:
            raise ValueError("rl_end_date is before rl_start_date")
        return self

    # Dates arrive as "YYYY-MM-DD" strings in JSON: parse them despite strict mode.
    @field_validator(
        "consent_start_date", "consent_end_date", "rl_start_date", "rl_end_date", mode="before"
    )
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a date like 2025-01-31") from None


class ParticipantIn(Strict):
    participant_id: Id
    baseline: Baseline | None = None


class MiWavesRegister(Baseline):
    user_id: Id


class ActionIn(Strict):
    participant_id: Id
    context: FreeObject
    decision_index: DecisionIndex | None = None


class MiWavesAction(Strict):
    user_id: Id
    finished_ema: bool
    activity_question_response: bool | Literal["NA"]
    app_use_flag: bool
    cannabis_use: Annotated[list[Int64], Field(max_length=MAX_ENTRIES)] | Literal["NA"]


class StatusChange(Strict):
    status: Literal["ENDED", "WITHDRAWN"]


Role = Literal["backend", "analyst", "operator"]


class RoleIn(Strict):
    study_id: Id
    role: Role


class ClientIn(Strict):
    """A new client: a deployment admin (manages clients and roles) and/or roles in studies."""

    username: Id
    password: str = Field(min_length=8, max_length=200)
    admin: bool = False
    roles: list[RoleIn] = Field(default_factory=list, max_length=64)


class BootstrapIn(Strict):
    username: Id
    password: str = Field(min_length=12, max_length=200)


class MiWavesCredentials(Strict):
    api_user: Id
    api_pass: str = Field(min_length=8, max_length=200)


class LoginIn(Strict):
    username: Id
    password: str = Field(min_length=1, max_length=200)


class JustInUser(Strict):
    user_id: Id


class JustInAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: Id
    timestamp: Timestamp
    decision_idx: DecisionIndex
    context: FreeObject


class MiWavesWindow(Strict):
    user_id: Id


class WindowClose(Strict):
    decision_index: DecisionIndex | None = None


class UploadData(BaseModel):
    """JustIn's data: the context, the action and probability it got, and the outcome."""

    model_config = ConfigDict(extra="forbid")
    context: FreeObject
    action: Literal[0, 1]
    action_prob: Finite = Field(ge=0, le=1)
    state: list[Finite] = Field(default_factory=list, max_length=MAX_ENTRIES)
    outcome: Annotated[dict[Id, Finite | Int64 | bool], Field(max_length=MAX_ENTRIES)]


class JustInUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: Id
    timestamp: Timestamp
    decision_idx: DecisionIndex
    data: UploadData


class UpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    timestamp: Timestamp | None = None
    callback_url: AnyHttpUrl | None = None


class ControlIn(Strict):
    """Why an operator freezes, unfreezes or unpins: kept with the change and in the audit log."""

    reason: Text = Field(max_length=500)


class PinIn(ControlIn):
    version: Annotated[int, Field(ge=1, le=INT32_MAX)]


class ExclusionIn(Strict):
    """What updates leave out from now on: where every criterion given meets (at least one).
    Times are lax, as UpdateIn's (ISO 8601 or seconds since the epoch), and name their zone."""

    participant_id: Id | None = None
    from_decision_index: DecisionIndex | None = None
    to_decision_index: DecisionIndex | None = Field(default=None, description="inclusive")
    from_time: Timestamp | None = Field(default=None, strict=False, description="of a decision")
    to_time: Timestamp | None = Field(default=None, strict=False, description="exclusive")
    reason: Text = Field(max_length=500)

    @model_validator(mode="after")
    def _a_sane_criterion(self) -> Self:
        given = self.model_dump(exclude={"reason"}, exclude_none=True)
        if not given:
            raise ValueError("name a participant, a range of decision indexes or of times")
        for time in (self.from_time, self.to_time):
            if time is not None and time.utcoffset() is None:
                raise ValueError("from_time and to_time must name their time zone")
        first, last = self.from_decision_index, self.to_decision_index
        if first is not None and last is not None and last < first:
            raise ValueError("to_decision_index is before from_decision_index")
        if self.from_time and self.to_time and self.to_time <= self.from_time:
            raise ValueError("to_time is not after from_time")
        return self
