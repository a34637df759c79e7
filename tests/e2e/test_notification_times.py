"""Versioned notification times against the real stack: a change through the route moves only
the windows that have not opened, so a decided slot is never shifted or randomized again; an
EMA record carrying new times changes them, one pulled late for an older window does not.

The services run on an accelerated clock (120x: a virtual hour in 30 s) from 11:00 in the
study's zone. Each test places its participants' evening window relative to the virtual time
it finds once the services are up, so a slow start moves nothing.
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

from rlkernel.events import NotificationTimesChanged
from tests.e2e.test_ingest import Backend, ema_record, window
from tests.support.api import MIWAVES_ACTION, MIWAVES_TZ, Api, new_id
from tests.support.ema_stack import start_miwaves_with_ema
from tests.support.events import announced
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SPEED = 120.0
TZ = ZoneInfo(MIWAVES_TZ)
PARTICIPANTS = "/v1/studies/miwaves/participants"


@dataclass
class World:
    stack: Stack
    api: Api
    backend: Backend
    anchor: tuple[datetime, float]  # the services' clock: this virtual time at this real time

    def now(self) -> datetime:
        """The services' clock, in the study's zone, to the minute."""
        virtual, real = self.anchor
        moment = virtual + timedelta(seconds=(time.time() - real) * SPEED)
        return moment.astimezone(TZ).replace(second=0, microsecond=0)

    def wait_until(self, moment: datetime) -> None:
        wait_for(self.now, lambda now: now >= moment, 3600 / SPEED, f"the clock at {moment}")

    def register(self, evening: datetime) -> str:
        """A participant from today, mornings at 00:00, evenings at `evening`'s time."""
        user, today = new_id("m"), self.now().date()
        body = {
            "user_id": user,
            "morning_notification_time_start": [0] * 7,
            "evening_notification_time_start": [hhmm(evening)] * 7,
            "consent_start_date": today.isoformat(),
            "consent_end_date": (today + timedelta(days=29)).isoformat(),
            "rl_start_date": today.isoformat(),
            "rl_end_date": (today + timedelta(days=29)).isoformat(),
        }
        assert self.api.post("/register", body).status_code == 200
        return user

    def act(self, user: str) -> dict[str, Any]:
        answer = self.api.post("/actions", {"user_id": user, **MIWAVES_ACTION})
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def change(self, user: str, mornings: int, evenings: int) -> dict[str, Any]:
        answer = self.api.http.put(
            f"{PARTICIPANTS}/{user}/notification-times",
            json={"notification_times": [[mornings, evenings]]},
            headers={"Authorization": f"Bearer {self.api.token}"},
        )
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def versions(self, user: str) -> list[dict[str, Any]]:
        answer = self.api.get(f"{PARTICIPANTS}/{user}/notification-times")
        assert answer.status_code == 200, answer.text
        return list(answer.json()["versions"])

    def close(self, user: str) -> httpx.Response:
        return self.api.post("/end_decision_window", {"user_id": user})


def hhmm(moment: datetime) -> int:
    return moment.hour * 100 + moment.minute


@pytest.fixture
def world(stack: Stack, tmp_path: Path) -> Iterator[World]:
    eleven = datetime.now(TZ).replace(hour=11, minute=0, second=0, microsecond=0)
    ema = start_miwaves_with_ema(stack, tmp_path, eleven, SPEED)
    api = Api(stack)
    yield World(stack, api, Backend(ema.backend_url, ema.token), (eleven, ema.real_anchor))
    api.http.close()


def test_a_change_moves_the_evening_window_not_yet_opened_and_no_decided_slot(
    world: World,
) -> None:
    user = world.register(evening=world.now() + timedelta(hours=3))
    morning = world.act(user)
    assert morning["decision_index"] == 0
    # The evening window has not opened: it opens at the new time, 30 virtual minutes ahead.
    sooner = world.now() + timedelta(minutes=30)
    changed = world.change(user, 0, hhmm(sooner))
    assert (changed["changed"], changed["first_new_window"]) == (True, 1)
    assert datetime.fromisoformat(changed["first_new_window_start"]) == sooner
    # Until then the morning window is still open: the same decision, not a second draw.
    again = world.act(user)
    assert (again["decision_index"], again["rid"], again["seed"]) == (
        0,
        morning["rid"],
        morning["seed"],
    )
    refused = world.close(user)
    assert (refused.status_code, refused.json()["code"]) == (409, "window_not_closed")

    world.wait_until(sooner + timedelta(minutes=1))
    evening = world.act(user)
    assert evening["decision_index"] == 1 and evening["rid"] != morning["rid"]
    closed = world.close(user)
    assert closed.status_code == 200 and closed.json()["decision_index"] == 0


def test_a_change_whose_time_has_passed_today_starts_with_the_next_day(world: World) -> None:
    registered = world.now() + timedelta(hours=3)
    user = world.register(evening=registered)
    morning = world.act(user)
    # An evening time already past: today's evening window keeps the registration's time
    # (moving it would put now in the evening window and shift the slot decided this morning).
    passed = world.now() - timedelta(minutes=30)
    changed = world.change(user, 0, hhmm(passed))
    assert changed["first_new_window"] == 2
    tomorrow = datetime.combine(passed.date() + timedelta(days=1), datetime.min.time(), TZ)
    assert datetime.fromisoformat(changed["first_new_window_start"]) == tomorrow
    again = world.act(user)
    assert (again["decision_index"], again["rid"]) == (0, morning["rid"])

    versions = world.versions(user)
    assert [(v["source"], v["notification_times"][0]) for v in versions] == [
        ("registration", [0, hhmm(registered)]),
        ("api", [0, hhmm(passed)]),
    ]
    assert versions[1]["actor"] == world.api.username
    audit = world.api.get("/v1/studies/miwaves/audit").json()["entries"]
    (entry,) = [e for e in audit if e["action"] == "notification_times_changed"]
    assert (entry["target"], entry["actor"], entry["details"]["source"]) == (
        user,
        world.api.username,
        "api",
    )
    (event,) = wait_for(
        lambda: announced(world.stack, "participant_times", NotificationTimesChanged),
        lambda found: len(found) == 1,
        30,
        "event",
    )
    assert (event.participant_id, event.source, event.times) == (
        user,
        "api",
        [[0, hhmm(passed)]] * 7,
    )
    assert event.at == datetime.fromisoformat(versions[1]["at"])


def test_an_ema_record_with_new_times_changes_them_and_a_stale_one_does_not(
    world: World,
) -> None:
    evening = world.now() + timedelta(minutes=30)
    moved, late = world.register(evening), world.register(evening)
    # `moved`'s app now prompts at 23:00; `late`'s record carries the registration's times,
    # and before it is pulled the backend moves its mornings to 01:00 through the route.
    for user, evenings in ((moved, 2300), (late, hhmm(evening))):
        decision = world.act(user)
        record = ema_record(user, decision, evenings)
        world.backend.add(user, [record])
    assert world.change(late, 100, hhmm(evening))["first_new_window"] == 1

    world.wait_until(evening + timedelta(minutes=1))
    for user in (moved, late):
        closed = world.close(user)
        assert closed.status_code == 200 and closed.json()["decision_index"] == 0, closed.text
    changes = wait_for(
        lambda: world.versions(moved), lambda found: len(found) == 2, 30, "the record's change"
    )
    assert (changes[1]["source"], changes[1]["actor"]) == ("miwaves_ema", "ingest")
    assert changes[1]["notification_times"] == [[0, 2300]] * 7
    row, _ = window(world.stack, late)
    assert row.status == "pulled"
    assert [v["source"] for v in world.versions(late)] == ["registration", "api"]
    audit = world.api.get("/v1/studies/miwaves/audit").json()["entries"]
    assert [
        (e["target"], e["actor"]) for e in audit if e["details"].get("source") == "miwaves_ema"
    ] == [(moved, "ingest")]
    events = wait_for(
        lambda: announced(world.stack, "participant_times", NotificationTimesChanged),
        lambda found: len(found) == 2,
        30,
        "events",
    )
    assert sorted((e.participant_id, e.source) for e in events) == sorted(
        [(moved, "miwaves_ema"), (late, "api")]
    )
