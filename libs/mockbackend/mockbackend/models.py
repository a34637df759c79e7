"""Request bodies and the EMA record as the MiWaves RL service expects it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

FaultMode = Literal[
    "timeout",
    "http_500",
    "http_503",
    "malformed_json",
    "missing_ema_data",
    "duplicate_records",
    "failure_401",
]
Bit = Annotated[StrictInt, Field(ge=0, le=1)]
HhMm = Annotated[StrictInt, Field(ge=0, le=2359)]
Week = Annotated[list[HhMm], Field(min_length=7, max_length=7)]


def parse_time(value: str) -> datetime:
    """Parse "YYYY-MM-DD HH:MM:SS" or ISO 8601; a time without an offset is taken as UTC."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _time_or_na(value: str) -> str:
    if value != "NA":
        parse_time(value)  # raises ValueError, which pydantic reports
    return value


class EmaRecord(BaseModel):
    """One EMA record; `window_time` (optional, not returned) places it in a window instead of
    `act_gen_timestamp`."""

    model_config = ConfigDict(extra="forbid", strict=True)
    user_id: str
    finished_ema: StrictBool
    activity_question_response: StrictBool | Literal["NA"]
    app_use_flag: StrictBool
    cannabis_use: list[Bit] | Literal["NA"]
    action_taken: Bit
    seed: StrictInt
    act_prob: float = Field(ge=0, le=1)
    policy_id: StrictInt
    decision_index: StrictInt = Field(ge=0)
    act_gen_timestamp: str
    rid: StrictInt
    timestamp_finished_ema: str
    message_notification_sent_time: str
    message_notification_click_time: str
    morning_notification_time_start: Week
    evening_notification_time_start: Week
    window_time: str | None = None

    @field_validator("act_gen_timestamp", "window_time")
    @classmethod
    def _is_a_time(cls, value: str | None) -> str | None:
        if value is not None:
            parse_time(value)
        return value

    @field_validator(
        "timestamp_finished_ema",
        "message_notification_sent_time",
        "message_notification_click_time",
    )
    @classmethod
    def _is_a_time_or_na(cls, value: str) -> str:
        return _time_or_na(value)


class RecordsIn(BaseModel):
    """`raw: true` stores the objects as given (only `window_time` is taken out)."""

    model_config = ConfigDict(extra="forbid")
    user_id: str
    records: list[dict[str, Any]]
    raw: bool = False


class FaultIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: FaultMode
    user_id: str | None = None  # None: every user
    times: int | None = Field(ge=1)  # required; null: until cleared
    delay_seconds: float = Field(default=30.0, ge=0)  # for `timeout`


class EmaQuery(BaseModel):
    user_id: str
    start_time: str
    end_time: str

    @field_validator("start_time", "end_time")
    @classmethod
    def _is_a_time(cls, value: str) -> str:
        parse_time(value)
        return value
