"""The bodies a MiWaves backend exchanges with the services, as the simulation fills them in:
a participant's registration, and the EMA record of a window that the ingest service fetches."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

MORNING, EVENING = 800, 2000  # every simulated participant's notification times
NOT_SENT = "NA"  # the simulated app sends no notification timestamps


def registration(pid: str, first: datetime) -> dict[str, Any]:
    """A 30-day enrollment from `first`, with the simulation's notification times every day."""
    start = first.date()
    end = start + timedelta(days=29)
    return {
        "user_id": pid,
        "morning_notification_time_start": [MORNING] * 7,
        "evening_notification_time_start": [EVENING] * 7,
        "consent_start_date": str(start),
        "consent_end_date": str(end),
        "rl_start_date": str(start),
        "rl_end_date": str(end),
    }


def ema_record(pid: str, answers: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    """The window's record as the MiWaves EMA endpoint returns it: answers and the decision."""
    return {
        **answers,
        "user_id": pid,
        "action_taken": decision["action"],
        "seed": decision["seed"],
        "act_prob": decision["act_prob"],
        "policy_id": decision["policy_id"],
        "decision_index": decision["decision_index"],
        "rid": decision["rid"],
        "act_gen_timestamp": decision["act_gen_timestamp"],
        "timestamp_finished_ema": NOT_SENT,
        "message_notification_sent_time": NOT_SENT,
        "message_notification_click_time": NOT_SENT,
        "morning_notification_time_start": [MORNING] * 7,
        "evening_notification_time_start": [EVENING] * 7,
    }
