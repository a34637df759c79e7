"""Ingest against the real stack and a real (mock) study backend that misbehaves on cue.

The services run on an accelerated clock (300x: a virtual hour in 12 s) starting at 11:00 in
the study's time zone. Each participant's window 0 ends an hour of that clock after their
registration (however long the services took to start), so a test makes its decision in window
0, waits for its end, and closes the window like a MiWaves backend would.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.api import MIWAVES_ACTION, MIWAVES_TZ, Api, miwaves_baseline, new_id
from tests.support.ema_stack import EmaStack, start_miwaves_with_ema
from tests.support.progress import wait_consumed
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SPEED = 300.0


class Backend:
    """The mock backend's control API."""

    def __init__(self, url: str, token: str) -> None:
        self.http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"})

    def add(self, user: str, records: list[dict[str, Any]], raw: bool = False) -> None:
        self.http.post(
            "/control/records", json={"user_id": user, "records": records, "raw": raw}
        ).raise_for_status()

    def fault(self, mode: str, times: int | None, delay: float = 30) -> None:
        self.http.post(
            "/control/faults", json={"mode": mode, "times": times, "delay_seconds": delay}
        ).raise_for_status()

    def clear_faults(self) -> None:
        self.http.delete("/control/faults").raise_for_status()

    def calls(self, user: str) -> list[dict[str, Any]]:
        return [c for c in self.http.get("/control/calls").json() if c["user_id"] == user]


@pytest.fixture
def world(stack: Stack, tmp_path: Path) -> Iterator[tuple[Api, Backend, EmaStack]]:
    tz = ZoneInfo(MIWAVES_TZ)
    eleven = datetime.now(tz).replace(hour=11, minute=0, second=0, microsecond=0)
    env = {"EMA_PULL_ATTEMPTS": "3", "EMA_RETRY_WAIT_MAX": "0.2"}
    ema = start_miwaves_with_ema(stack, tmp_path, eleven, SPEED, env)
    api, backend = Api(stack), Backend(ema.backend_url, ema.token)
    yield api, backend, ema
    api.http.close()


@dataclass(frozen=True)
class Enrolled:
    """A participant from the services' today, mornings at 00:00 and evenings at `evening`:
    window 0 is open from their registration until `ends`."""

    user: str
    evening: int  # HHMM
    ends: float  # the real time at which the services' clock ends window 0


def register(api: Api, ema: EmaStack) -> Enrolled:
    """Registers a participant whose window 0 ends an hour of the services' clock from now
    (12 s at 300x): time enough to decide in it, whenever the services came up."""
    user, now = new_id("m"), ema.now()
    ends = now.replace(second=0, microsecond=0) + timedelta(hours=1, minutes=1)
    assert ends.date() == now.date(), f"the services' clock showed {now} before the test began"
    evening = ends.hour * 100 + ends.minute
    body = miwaves_baseline(user, now.date(), evening)
    assert api.post("/register", body).status_code == 200
    return Enrolled(user, evening, ema.real_time(ends))


def ema_record(user: str, decision: dict[str, Any], evening: int, **changes: Any) -> dict[str, Any]:
    """The backend's EMA record answering `decision`, with the participant's notification times
    (mornings at 00:00, evenings at `evening`), changed by `changes`."""
    record = {
        "user_id": user,
        "finished_ema": True,
        "activity_question_response": True,
        "app_use_flag": False,
        "cannabis_use": [0, 0],
        "action_taken": decision["action"],
        "seed": decision["seed"],
        "act_prob": decision["act_prob"],
        "policy_id": decision["policy_id"],
        "decision_index": decision["decision_index"],
        "act_gen_timestamp": decision["act_gen_timestamp"],
        "rid": decision["rid"],
        "timestamp_finished_ema": "NA",
        "message_notification_sent_time": "NA",
        "message_notification_click_time": "NA",
        "morning_notification_time_start": [0] * 7,
        "evening_notification_time_start": [evening] * 7,
    }
    return {**record, **changes}


def decide(api: Api, user: str) -> dict[str, Any]:
    decision = api.post("/actions", {"user_id": user, **MIWAVES_ACTION}).json()
    assert decision["decision_index"] == 0, decision
    return dict(decision)


def close_when_ended(api: Api, enrolled: Enrolled) -> None:
    """Closes window 0 as a backend would once the services' clock has ended it: asked again
    while the gateway says the window has not closed yet (which stores nothing), on no fixed
    sleep."""

    def still_open(response: httpx.Response) -> bool:
        return response.status_code == 409 and response.json().get("code") == "window_not_closed"

    closed = wait_for(
        lambda: api.post("/end_decision_window", {"user_id": enrolled.user}),
        lambda response: not still_open(response),
        max(30.0, enrolled.ends - time.time() + 30),
        "window 0 closed at its end",
    )
    assert closed.status_code == 200 and closed.json()["decision_index"] == 0, closed.text


def window(stack: Stack, user: str, timeout: float = 30) -> Any:
    engine = create_engine(stack.database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                row = conn.execute(
                    text("SELECT status, reason, records FROM windows WHERE participant_id = :u"),
                    {"u": user},
                ).first()
                observations = conn.execute(
                    text("SELECT rid, reward, source FROM observations WHERE participant_id = :u"),
                    {"u": user},
                ).all()
            if (row is not None and row.status != "pending") or time.monotonic() > deadline:
                return row, observations
            time.sleep(0.2)
    finally:
        engine.dispose()


def test_a_closed_window_is_pulled_checked_and_stored_once(
    world: tuple[Api, Backend, EmaStack], stack: Stack
) -> None:
    api, backend, ema = world
    enrolled = register(api, ema)
    user = enrolled.user
    decision = decide(api, user)
    backend.add(user, [ema_record(user, decision, enrolled.evening)])
    close_when_ended(api, enrolled)
    row, observations = window(stack, user)
    assert (row.status, row.records) == ("pulled", 1)
    assert [(o.rid, o.reward, o.source) for o in observations] == [(decision["rid"], 3.0, "pull")]
    again = api.post("/end_decision_window", {"user_id": user})  # a repeated call
    assert again.status_code == 200
    wait_consumed(stack, "windows_closed", "ingest")  # the repeated close has been handled
    assert len(backend.calls(user)) == 1
    assert len(window(stack, user)[1]) == 1


def test_a_flaky_backend_is_retried_until_it_answers(
    world: tuple[Api, Backend, EmaStack], stack: Stack
) -> None:
    api, backend, ema = world
    enrolled = register(api, ema)
    user = enrolled.user
    decision = decide(api, user)
    backend.add(user, [ema_record(user, decision, enrolled.evening)])
    backend.fault("timeout", 1, delay=3)  # longer than the study's 1 s client time-out
    backend.fault("http_503", 1)
    close_when_ended(api, enrolled)
    row, observations = window(stack, user)
    assert row.status == "pulled" and len(observations) == 1
    calls = backend.calls(user)
    assert [c["fault"] for c in calls] == ["timeout", "http_503", None]
    assert calls[-1]["status"] == 200


def test_a_failing_backend_fails_the_window_visibly_and_a_repull_recovers_it(
    world: tuple[Api, Backend, EmaStack], stack: Stack
) -> None:
    api, backend, ema = world
    enrolled = register(api, ema)
    user = enrolled.user
    decision = decide(api, user)
    backend.add(user, [ema_record(user, decision, enrolled.evening)])
    backend.fault("malformed_json", None)
    close_when_ended(api, enrolled)
    row, observations = window(stack, user)
    assert row.status == "failed" and "malformed JSON" in row.reason and observations == []
    failed = api.get("/v1/studies/miwaves/windows/failed").json()["windows"]
    assert [w["participant_id"] for w in failed] == [user]
    letters = api.get("/v1/dead-letters", token=api.admin_token).json()["dead_letters"]
    assert any(d["key"] == user and "malformed JSON" in d["reason"] for d in letters)
    backend.clear_faults()
    assert api.post("/v1/studies/miwaves/windows/failed/retry", {}).json()["windows"] == 1
    row = wait_for(
        lambda: window(stack, user)[0], lambda r: r.status == "pulled", 30, "window re-pulled"
    )
    assert row.status == "pulled" and len(window(stack, user)[1]) == 1


def test_invalid_unknown_and_duplicate_records_are_refused_by_reason_and_stored_once(
    world: tuple[Api, Backend, EmaStack], stack: Stack
) -> None:
    api, backend, ema = world
    enrolled = register(api, ema)
    user = enrolled.user
    decision = decide(api, user)
    backend.add(user, [ema_record(user, decision, enrolled.evening)])
    backend.add(
        user,
        [
            ema_record(
                user, decision, enrolled.evening, act_prob=0.123456, rid=decision["rid"] + 10**9
            )
        ],
    )
    missing = ema_record(user, decision, enrolled.evening)
    del missing["finished_ema"]
    backend.add(user, [missing], raw=True)
    backend.fault("duplicate_records", 1)
    close_when_ended(api, enrolled)
    row, observations = window(stack, user)
    assert row.status == "failed"
    assert "invalid or missing finished_ema" in row.reason
    assert f"rid {decision['rid'] + 10**9} answers no decision of ours" in row.reason
    assert [o.rid for o in observations] == [decision["rid"]]  # the good one, stored once


@pytest.mark.parametrize(("field", "value"), [("action_taken", None), ("act_prob", 0.123456)])
def test_a_record_that_disagrees_with_our_decision_is_refused_and_not_stored(
    world: tuple[Api, Backend, EmaStack], stack: Stack, field: str, value: float | None
) -> None:
    api, backend, ema = world
    enrolled = register(api, ema)
    user = enrolled.user
    decision = decide(api, user)
    wrong = 1 - decision["action"] if field == "action_taken" else value
    backend.add(user, [ema_record(user, decision, enrolled.evening, **{field: wrong})])
    close_when_ended(api, enrolled)
    row, observations = window(stack, user)
    assert row.status == "failed" and observations == []
    assert row.reason == f"record for rid {decision['rid']} disagrees with our decision: {field}"
