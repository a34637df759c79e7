"""A participant's timeline on an accelerated clock ahead of real time, as a simulation runs:
registration, request, decision, EMA record and window all on the services' clock, in order.

The services' clock starts at 11:00 tomorrow in the study's time zone (hours ahead of the
machine's) and runs 300x; the participant's window 0 ends an hour of that clock (12 s) after
they register. A time taken from the database's clock instead would land hours before the
decision it follows."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_ingest import Backend, close_when_ended, decide, ema_record, register, window
from tests.support.api import MIWAVES_TZ, Api
from tests.support.ema_stack import start_miwaves_with_ema
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e
SPEED = 300.0


def test_a_timeline_on_a_clock_ahead_of_real_time_is_in_order(stack: Stack, tmp_path: Path) -> None:
    tz = ZoneInfo(MIWAVES_TZ)
    eleven = (datetime.now(tz) + timedelta(days=1)).replace(
        hour=11, minute=0, second=0, microsecond=0
    )
    ema = start_miwaves_with_ema(stack, tmp_path, eleven, SPEED)
    api, backend = Api(stack), Backend(ema.backend_url, ema.token)
    enrolled = register(api, ema)  # their first day is the clock's today
    user = enrolled.user
    decision = decide(api, user)
    backend.add(user, [ema_record(user, decision, enrolled.evening)])
    close_when_ended(api, enrolled)
    row, _ = window(stack, user)
    assert row.status == "pulled"

    response = api.get(f"/v1/studies/miwaves/participants/{user}/timeline")
    assert response.status_code == 200, response.text
    events = response.json()["events"]
    kinds = [e["kind"] for e in events if e["kind"] != "policy_version"]  # made when first used
    # The window at its end, when its EMA record was pulled: the record after it.
    assert kinds == ["registered", "request", "decision", "window", "observation"], events
    times = [datetime.fromisoformat(e["at"]) for e in events]
    # Every one on the services' clock: after its 11:00 tomorrow, and not ahead of it now.
    assert all(eleven <= at <= ema.now() for at in times), events
    api.http.close()
