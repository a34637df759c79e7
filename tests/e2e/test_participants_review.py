"""The study team's side of a participant, against the real stack: the review queue listed and
filtered, the review's end with its note (API and CLI), the status history, the change on the
log and in the audit trail, and the participants table of an export."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from rlaudit.exports import export_study
from rlkernel.events import ParticipantStatusChanged
from tests.support.api import MIWAVES_ACTION, Api
from tests.support.events import announced
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
PARTICIPANTS = "/v1/studies/miwaves/participants"
AWAITING = "COMPLETED_AWAITING_REVIEW"
NOTE = "reviewed: 60 of 60 slots decided, data complete"


def listed(api: Api, query: str) -> list[str]:
    answer = api.get(f"{PARTICIPANTS}?{query}")
    assert answer.status_code == 200, answer.text
    return [p["participant_id"] for p in answer.json()["participants"]]


def completed(api: Api) -> str:
    """A participant whose first action is the last their schedule has: awaiting review."""
    user = api.register_miwaves(days_ago=29, evening_from=1)
    last = api.post("/actions", {"user_id": user, **MIWAVES_ACTION})
    assert last.status_code == 200 and last.json()["decision_index"] == 59, last.text
    return user


def rlservice(stack: Stack, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rlservice", *command],
        env={**os.environ, **stack.env(), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_review_queue_from_the_last_decision_to_the_end_with_its_note(
    api: Api, stack: Stack, tmp_path: Path
) -> None:
    idle = api.register_miwaves()
    started = api.register_miwaves()
    assert api.post("/actions", {"user_id": started, **MIWAVES_ACTION}).status_code == 200
    done = completed(api)
    queue = wait_for(
        lambda: listed(api, f"status={AWAITING}"), lambda ids: ids == [done], 30, "the queue"
    )
    assert queue == [done]
    everyone = sorted([idle, started, done])
    assert listed(api, "status=REGISTERED&status=STARTED") == sorted([idle, started])
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date()
    assert listed(api, f"registered_from={yesterday}") == everyone
    assert listed(api, f"registered_to={yesterday}") == []
    first = api.get(f"{PARTICIPANTS}?limit=2").json()
    assert [p["participant_id"] for p in first["participants"]] == everyone[:2]
    assert listed(api, f"limit=2&after={first['next_after']}") == everyone[2:]
    (row,) = api.get(f"{PARTICIPANTS}?status={AWAITING}").json()["participants"]
    assert row["decisions"] == 1 and row["last_decision_at"] is not None
    assert row["rl_end_date"] is not None and "baseline" not in row

    unnoted = api.post(f"{PARTICIPANTS}/{done}/status", {"status": "ENDED"})
    assert unnoted.status_code == 422, unnoted.text
    ended = api.post(f"{PARTICIPANTS}/{done}/status", {"status": "ENDED", "note": NOTE})
    assert ended.status_code == 200 and ended.json()["participant"]["status"] == "ENDED"
    assert listed(api, f"status={AWAITING}") == []

    history = api.get(f"{PARTICIPANTS}/{done}/history").json()["changes"]
    assert [(c["by"], c["from_status"], c["to_status"], c["note"]) for c in history] == [
        ("registration", None, "REGISTERED", None),
        ("decisions", "REGISTERED", AWAITING, None),
        (api.username, AWAITING, "ENDED", NOTE),
    ]
    audit = api.get("/v1/studies/miwaves/audit").json()["entries"]
    assert {"from": AWAITING, "to": "ENDED", "note": NOTE} in [
        e["details"] for e in audit if e["target"] == done
    ]
    (event,) = wait_for(
        lambda: announced(stack, "participant_status", ParticipantStatusChanged),
        lambda found: len(found) == 1,
        30,
        "the event",
    )
    assert (event.participant_id, event.to_status, event.note, event.change_id) == (
        done,
        "ENDED",
        NOTE,
        history[-1]["change_id"],
    )

    engine = create_engine(stack.database_url)
    try:
        written = export_study(engine, "miwaves", tmp_path, formats=("csv",))
    finally:
        engine.dispose()
    with written["participants"][0].open(newline="", encoding="utf-8") as f:
        exported: dict[str, Any] = {r["participant_id"]: r for r in csv.DictReader(f)}
    assert sorted(exported) == everyone
    assert exported[done]["status"] == "ENDED"
    assert json.loads(exported[done]["baseline_evening_notification_time_start"]) == [1] * 7
    assert [h["to"] for h in json.loads(exported[done]["status_history"])] == [
        "REGISTERED",
        AWAITING,
        "ENDED",
    ]


def test_the_cli_lists_the_queue_and_ends_a_participant_whom_the_api_then_sees_ended(
    api: Api, stack: Stack
) -> None:
    done = completed(api)
    wait_for(lambda: listed(api, f"status={AWAITING}"), lambda ids: ids == [done], 30, "queued")
    queue = rlservice(stack, "participants", "list", "--study", "miwaves", "--status", AWAITING)
    assert queue.returncode == 0 and done in queue.stdout, queue.stderr[-2000:]
    # The API has read (and cached) the participant before the CLI ends them.
    assert api.get(f"{PARTICIPANTS}/{done}").json()["participant"]["status"] == AWAITING
    args = ("--study", "miwaves", "--participant", done)
    refused = rlservice(stack, "participants", "end", *args, "--note", "   ")
    assert refused.returncode != 0
    ended = rlservice(stack, "participants", "end", *args, "--note", NOTE)
    assert ended.returncode == 0, ended.stderr[-2000:]
    assert api.get(f"{PARTICIPANTS}/{done}").json()["participant"]["status"] == "ENDED"
    last = api.get(f"{PARTICIPANTS}/{done}/history").json()["changes"][-1]
    assert (last["by"].startswith("cli:"), last["note"]) == (True, NOTE)
    again = rlservice(stack, "participants", "end", *args, "--note", NOTE)
    assert again.returncode == 1 and "invalid_transition" in again.stdout
