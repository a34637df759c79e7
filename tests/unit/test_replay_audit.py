"""The replay_audit check: how the latest scheduled audit grades (its mismatches, or yellow at
least while a decision waits too long for one), the study's setting, and what a recorded audit
keeps of a replay's findings (ids only)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from rlaudit.replay import Finding
from rldomain.monitoring.checks import Status
from rldomain.monitoring.config import Monitoring
from rldomain.monitoring.grading import Measured, grade_all
from rlkernel.events import DecisionMade
from rlservice.replay.core import first_mismatch
from rlservice.replay.run import audit_run


def graded(measured: Measured) -> tuple[Status, float | None]:
    (result,) = grade_all(Monitoring(), "daily", {"replay_audit": measured})
    return result.status, result.threshold


@pytest.mark.parametrize(
    ("mismatches", "at_least", "expected"),
    [
        (0, "green", ("green", 1)),
        (1, "green", ("red", 1)),
        (0, "yellow", ("yellow", None)),  # overdue: the floor decides, no threshold crossed
        (3, "yellow", ("red", 1)),  # overdue and mismatched: the worse
    ],
)
def test_mismatches_are_red_and_an_overdue_audit_at_least_yellow(
    mismatches: int, at_least: Status, expected: tuple[Status, float | None]
) -> None:
    assert graded(Measured(mismatches, "audit", at_least=at_least)) == expected


def test_no_audit_due_yet_is_green_without_a_threshold() -> None:
    assert graded(Measured(0, "no audit has run; none due yet", applies=False)) == ("green", None)


def test_the_audits_age_is_study_configuration() -> None:
    assert Monitoring().audit_max_age_hours == 48
    assert Monitoring.model_validate({"audit_max_age_hours": 26}).audit_max_age_hours == 26
    with pytest.raises(ValidationError):
        Monitoring.model_validate({"audit_max_age_hours": 0})


def decision(participant: str, index: int) -> DecisionMade:
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id="bandit",
        participant_id=participant,
        decision_index=index,
        rid=1,
        seed=1,
        action=0,
        probability=0.5,
        policy_version=1,
        algorithm="blr_ts",
        state=[1.0],
        context={},
        recent_rewards=[],
        fallback=False,
        decided_at=datetime(2026, 3, 2, tzinfo=UTC),
        decided_by="decision",
    )


def test_the_first_counted_finding_is_named_by_its_slot_or_its_version() -> None:
    changed = Finding("decision", "p-0/4", "action", 0, 1, code_changed=True)
    tampered = Finding("decision", "p-1/2", "action", 0, 1)
    refit = Finding("policy", "v3", "mean", [0.0], [1.0])
    event = decision("p-2", 7)
    differs = Finding("log_vs_db", str(event.event_id), "action", 0, 1)
    assert first_mismatch([changed, tampered, refit], {}) == {
        "participant_id": "p-1",
        "decision_index": 2,
    }
    assert first_mismatch([changed, refit], {}) == {"policy_version": 3}
    events = {str(event.event_id): event}
    assert first_mismatch([differs], events) == {"participant_id": "p-2", "decision_index": 7}
    assert first_mismatch([changed], events) is None


def test_a_recorded_audit_keeps_counts_and_ids_and_its_verdict() -> None:
    at = datetime(2026, 3, 2, tzinfo=UTC)
    summary = {
        "decisions": 12,
        "policy_versions": 2,
        "mismatches": 1,
        "first_mismatch": {"participant_id": "p-1", "decision_index": 2},
    }
    row = audit_run("bandit", at, summary)
    assert (row.decisions, row.policy_versions, row.mismatches, row.ok) == (12, 2, 1, False)
    assert (row.first_participant_id, row.first_decision_index) == ("p-1", 2)
    assert row.first_policy_version is None and row.code_version.startswith("algorithms-")
    clean = audit_run("bandit", at, {**summary, "mismatches": 0, "first_mismatch": None})
    assert clean.ok and clean.first_participant_id is None
