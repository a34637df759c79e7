"""The scheduled audit and its health check on the real stack: a decision older than the
study's audit_max_age_hours that no audit has checked makes the check yellow;
`rlservice replay --record` stores its outcome, the trainer (evaluating every second here)
grades the latest one, green with the run's numbers; a decision tampered with in PostgreSQL
turns the next audit, and the check, red, with the slot named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_replay import recorded, sql
from tests.e2e.test_training import act_and_upload, register, start_learning_stack
from tests.support.api import Api
from tests.support.cli import rlservice_report
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e


def audit(stack: Stack, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    return rlservice_report(stack, tmp_path, "replay", "--study", "bandit", "--record")


def replay_audit(api: Api, token: str, holds: Any, what: str) -> dict[str, Any]:
    """The check's result once `holds` is true of it."""

    def result() -> dict[str, Any]:
        got = api.get("/v1/studies/bandit/health", token=token)
        assert got.status_code == 200, got.text
        found = [c for c in got.json()["checks"] if c["check"] == "replay_audit"]
        return found[0] if found else {}

    return wait_for(result, holds, 60, what)


def test_an_audit_is_green_with_its_numbers_and_a_tampered_decision_turns_it_red(
    stack: Stack, tmp_path: Path
) -> None:
    stack.extra_env["MONITORING_EVERY_SECONDS"] = "1"
    api = start_learning_stack(stack, tmp_path)
    analyst = api.client(("bandit", "analyst"))
    users = [register(api) for _ in range(2)]
    decisions = [act_and_upload(api, u, i, clicks=1.0) for u in users for i in range(2)]
    wait_for(lambda: recorded(stack, decisions), bool, 30, "the decisions recorded and observed")
    # Made 3 days ago by the database's account (a replay compares decided_at with nothing).
    sql(
        stack,
        "UPDATE decisions SET decided_at = decided_at - interval '3 days' WHERE rid = :rid",
        rid=decisions[0]["rid"],
    )
    overdue = replay_audit(api, analyst, lambda c: c.get("status") == "yellow", "audit overdue")
    assert "no audit has run; overdue" in overdue["evidence"] and overdue["threshold"] is None

    code, report = audit(stack, tmp_path)
    assert (code, report["mismatches"], report["first_mismatch"]) == (0, 0, None)
    clean = replay_audit(
        api, analyst, lambda c: "audit of" in c.get("evidence", ""), "the first audit graded"
    )
    assert (clean["status"], clean["value"]) == ("green", 0)
    assert "0 mismatches in 4 decisions" in clean["evidence"]
    assert "rlservice replay --study bandit --record" in clean["evidence"]

    tampered = decisions[1]
    sql(stack, "UPDATE decisions SET action = 1 - action WHERE rid = :rid", rid=tampered["rid"])
    code, report = audit(stack, tmp_path)
    slot = {"participant_id": tampered["participant_id"], "decision_index": 1}
    assert (code, report["first_mismatch"]) == (1, slot)
    red = replay_audit(api, analyst, lambda c: c.get("status") == "red", "replay_audit red")
    assert red["value"] >= 1 and red["threshold"] == 1
    assert f"/participants/{tampered['participant_id']}/timeline (index 1)" in red["evidence"]
    api.http.close()
