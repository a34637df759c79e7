"""What ingest's tests send: windows, MiWaves EMA records, and the decisions they answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rldomain.schedule import Window
from rlkernel.events import DecisionMade
from tests.component import events


def window(index: int = 0) -> Window:
    start = datetime(2026, 3, 2, 13, tzinfo=UTC) + timedelta(hours=12 * index)
    return Window(index, start, start + timedelta(hours=12))


def ema_record(index: int, rid: int, finished: bool = True, active: bool = True) -> dict[str, Any]:
    """A valid MiWaves record; its reward is 3 finished and active, 2 finished, 1 otherwise."""
    return {
        "user_id": "anyone",
        "finished_ema": finished,
        "activity_question_response": active,
        "app_use_flag": True,
        "cannabis_use": [1, 0],
        "action_taken": 1,
        "seed": 7,
        "act_prob": 0.5,
        "policy_id": 1,
        "decision_index": index,
        "act_gen_timestamp": "2026-03-02 13:00:00",
        "rid": rid,
        "timestamp_finished_ema": "2026-03-02 20:00:00",
        "message_notification_sent_time": "2026-03-02 13:00:05",
        "message_notification_click_time": "NA",
        "morning_notification_time_start": [900] * 7,
        "evening_notification_time_start": [2100] * 7,
    }


def decision(participant_id: str, index: int, rid: int) -> DecisionMade:
    return events.decision("miwaves", participant_id, index, rid, algorithm="rebandit")
