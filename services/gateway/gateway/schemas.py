"""Request bodies, validated at the edge: unknown fields are refused, types are strict."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator, model_validator

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
                raise ValueError(f"{t} is not a 24-hour time like 830 or 2030")
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
        return date.fromisoformat(value) if isinstance(value, str) else value


class ParticipantIn(Strict):
    participant_id: str = Field(min_length=1, max_length=200)
    baseline: Baseline | None = None


class MiWavesRegister(Baseline):
    user_id: str = Field(min_length=1, max_length=200)


class ActionIn(Strict):
    participant_id: str = Field(min_length=1, max_length=200)
    context: dict[str, Any]
    decision_index: int | None = Field(default=None, ge=0)


class MiWavesAction(Strict):
    user_id: str = Field(min_length=1, max_length=200)
    finished_ema: bool
    activity_question_response: bool | Literal["NA"]
    app_use_flag: bool
    cannabis_use: list[int] | Literal["NA"]


class StatusChange(Strict):
    status: Literal["ENDED", "WITHDRAWN"]


class ClientIn(Strict):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200)
    role: Literal["client", "admin", "analyst"] = "client"


class MiWavesCredentials(Strict):
    api_user: str = Field(min_length=1, max_length=200)
    api_pass: str = Field(min_length=8, max_length=200)


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class JustInUser(Strict):
    user_id: str = Field(min_length=1, max_length=200)


class JustInAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: str = Field(min_length=1, max_length=200)
    timestamp: datetime
    decision_idx: int = Field(ge=0)
    context: dict[str, Any]


class MiWavesWindow(Strict):
    user_id: str = Field(min_length=1, max_length=200)


class WindowClose(Strict):
    decision_index: int | None = Field(default=None, ge=0)


class UploadData(BaseModel):
    """JustIn's data: the context, the action and probability it got, and the outcome."""

    model_config = ConfigDict(extra="forbid")
    context: dict[str, Any]
    action: Literal[0, 1]
    action_prob: float = Field(ge=0, le=1)
    state: list[float] = Field(default_factory=list)
    outcome: dict[str, float | int | bool]


class JustInUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: str = Field(min_length=1, max_length=200)
    timestamp: datetime
    decision_idx: int = Field(ge=0)
    data: UploadData


class UpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    timestamp: datetime | None = None
    callback_url: AnyHttpUrl | None = None
