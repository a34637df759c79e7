"""Request bodies, validated at the edge: unknown fields are refused, types are strict, and
every field holds only what the stores can (gateway.inputs)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import AnyHttpUrl, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from gateway.inputs import (
    INT32_MAX,
    MAX_ENTRIES,
    DecisionIndex,
    Finite,
    FreeObject,
    Id,
    Int64,
    Note,
    Text,
    Timestamp,
)
from rldomain.schedule import MAX_WINDOWS, WeekTimes, clock_times


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _iso_date(value: Any) -> Any:
    """Dates arrive as "YYYY-MM-DD" strings in JSON: parse them despite strict mode."""
    if not isinstance(value, str):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date like 2025-01-31") from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Week = Annotated[list[int], Field(min_length=7, max_length=7)]  # per weekday, Monday first
DayTimes = Annotated[list[int], Field(min_length=1, max_length=MAX_WINDOWS)]


def _mornings_and_evenings(mornings: list[int], evenings: list[int]) -> None:
    for morning, evening in zip(mornings, evenings, strict=True):
        clock_times((morning, evening), "morning and evening notification times")


def _in_order(first: date | None, last: date | None, names: str) -> None:
    if first is not None and last is not None and last < first:
        raise ValueError(names)


class MiWavesBaseline(Strict):
    """MiWaves baseline: notification start times per weekday (Monday first) and the dates."""

    morning_notification_time_start: Week
    evening_notification_time_start: Week
    consent_start_date: IsoDate
    consent_end_date: IsoDate
    rl_start_date: IsoDate
    rl_end_date: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        _mornings_and_evenings(
            self.morning_notification_time_start, self.evening_notification_time_start
        )
        _in_order(
            self.consent_start_date,
            self.consent_end_date,
            "consent_end_date is before consent_start_date",
        )
        _in_order(self.rl_start_date, self.rl_end_date, "rl_end_date is before rl_start_date")
        return self


class Baseline(Strict):
    """A participant's side of a daily schedule. `rl_start_date` always; `rl_end_date` unless
    the study sets its length (`days`), when it defaults to the last decision day. When the
    study takes notification times from participants (`times: participant`), theirs: either
    `notification_times` (the N window times of a day, 24-hour HHMM, strictly increasing: one
    list used every day, or seven, Monday first) or MiWaves' morning and evening times (N = 2).
    Consent dates are kept as MiWaves sends them."""

    morning_notification_time_start: Week | None = None
    evening_notification_time_start: Week | None = None
    consent_start_date: IsoDate | None = None
    consent_end_date: IsoDate | None = None
    rl_start_date: IsoDate
    rl_end_date: IsoDate | None = None
    notification_times: Annotated[list[DayTimes], Field(min_length=1, max_length=7)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        mornings, evenings = (
            self.morning_notification_time_start,
            self.evening_notification_time_start,
        )
        if (mornings is None) != (evenings is None):
            raise ValueError(
                "morning_notification_time_start and evening_notification_time_start go together"
            )
        if mornings is not None and evenings is not None:
            if self.notification_times is not None:
                raise ValueError(
                    "give notification_times or the morning and evening times, not both"
                )
            _mornings_and_evenings(mornings, evenings)
        if self.notification_times is not None:
            self.notification_times = _week(self.notification_times)
        _in_order(
            self.consent_start_date,
            self.consent_end_date,
            "consent_end_date is before consent_start_date",
        )
        _in_order(self.rl_start_date, self.rl_end_date, "rl_end_date is before rl_start_date")
        return self

    def week_times(self) -> WeekTimes | None:
        """The participant's notification times per weekday, Monday first; None if not given."""
        if self.notification_times is not None:
            return tuple(tuple(day) for day in self.notification_times)
        mornings, evenings = (
            self.morning_notification_time_start,
            self.evening_notification_time_start,
        )
        if mornings is None or evenings is None:
            return None
        return tuple(zip(mornings, evenings, strict=True))


def _week(days: list[list[int]]) -> list[list[int]]:
    """notification_times checked, as seven days (one list given: every day the same)."""
    if len(days) not in (1, 7):
        raise ValueError("notification_times must list one day's times or seven, Monday first")
    if len({len(day) for day in days}) > 1:
        raise ValueError("notification_times must give every day as many times")
    for day in days:
        clock_times(day, "notification_times")
    return days * 7 if len(days) == 1 else days


class ParticipantIn(Strict):
    participant_id: Id
    baseline: Baseline | None = None


class MiWavesRegister(MiWavesBaseline):
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
    """ENDED is the review's outcome and needs its note: why the participant ended (staff's
    words, kept in the audit log and the status history; never a participant's answers)."""

    status: Literal["ENDED", "WITHDRAWN"]
    note: Note | None = None

    @model_validator(mode="after")
    def _review_noted(self) -> Self:
        if self.status == "ENDED" and self.note is None:
            raise ValueError("note is required to end a participant (the review's outcome)")
        return self


class TimesIn(Strict):
    """A participant's new notification times, checked as at registration: the N window times
    of a day (24-hour HHMM, strictly increasing), one list used every day or seven, Monday
    first."""

    notification_times: Annotated[list[DayTimes], Field(min_length=1, max_length=7)]

    @model_validator(mode="after")
    def _a_week(self) -> Self:
        self.notification_times = _week(self.notification_times)
        return self

    def week_times(self) -> WeekTimes:
        return tuple(tuple(day) for day in self.notification_times)


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
    action: int = Field(ge=0)  # below the study's number of actions (gateway.learning.upload)
    action_prob: Finite = Field(ge=0, le=1)  # of action 1, as the decision's `probability`
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


class ResetIn(Strict):
    """The study's id, typed again: a reset deletes the pilot's data for good."""

    confirm: Id


class ResolveIn(Strict):
    """What was done about the incident: the staff's words, never a participant's answers."""

    note: Note


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
