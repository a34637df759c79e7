"""An EMA record as the MiWaves backend sends it, validated field by field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

NA = Literal["NA"]


class EmaRecord(BaseModel):
    # Backends add fields of their own over time: keep them (in the raw record), don't refuse.
    model_config = ConfigDict(extra="allow", strict=False)
    user_id: str
    finished_ema: bool
    activity_question_response: bool | NA
    app_use_flag: bool
    cannabis_use: list[int] | NA
    action_taken: Literal[0, 1]
    seed: int = Field(ge=0, lt=2**63)
    act_prob: float = Field(ge=0, le=1)
    policy_id: int
    decision_index: int = Field(ge=0)
    act_gen_timestamp: str
    rid: int
    timestamp_finished_ema: str
    message_notification_sent_time: str
    message_notification_click_time: str
    morning_notification_time_start: list[int] = Field(min_length=7, max_length=7)
    evening_notification_time_start: list[int] = Field(min_length=7, max_length=7)
