"""Audit by replay against the real log and database: clean runs pass, every tampering shows."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from rldomain.algorithms import encode_params
from rlkernel.events import DecisionMade, utcnow
from rlkernel.kafka import make_broker
from rlkernel.topics import Topics
from rlservice.replay.sources import read_log
from tests.e2e.test_training import (
    act_and_upload,
    finished,
    register,
    start_learning_stack,
    wait_for,
)
from tests.e2e.test_training import sql as query
from tests.support.api import Api
from tests.support.cli import rlservice_report
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


def a_trial_with_an_update(
    stack: Stack, tmp_path: Path
) -> tuple[Api, list[str], list[dict[str, Any]]]:
    """A small trial of the blr_ts study: decisions, outcomes, and one update in between; every
    decision of it stored, on the log and observed. Its API (still open), participants and
    decisions."""
    api = start_learning_stack(stack, tmp_path)
    users = [register(api) for _ in range(3)]
    decisions = [act_and_upload(api, u, i, clicks=float(i % 3)) for u in users for i in range(3)]
    wait_for(lambda: observed(stack, decisions), 30, "the first outcomes stored")  # for the fit
    update = api.post("/v1/studies/bandit/updates", {}).json()
    assert finished(api, update["update_id"])["policy_version"] == 2
    decisions += decided_by_version_2(api)  # so the users' next decisions are too
    decisions += [act_and_upload(api, u, 7, clicks=1.0) for u in users]
    assert {d["policy_version"] for d in decisions[-len(users) :]} == {2}
    wait_for(lambda: recorded(stack, decisions), 30, "every decision recorded and observed")
    return api, users, decisions


@pytest.fixture
def trial(stack: Stack, tmp_path: Path) -> Iterator[tuple[Api, list[dict[str, Any]]]]:
    api, _, decisions = a_trial_with_an_update(stack, tmp_path)
    yield api, decisions
    api.http.close()


def decided_by_version_2(api: Api) -> list[dict[str, Any]]:
    """A participant of its own asks until version 2 answers: the decision service has seen
    the new version (its cache lags the update by a moment), and keeps using it."""
    probe = register(api)
    made: list[dict[str, Any]] = []

    def by_version_2() -> bool:
        made.append(act_and_upload(api, probe, len(made), clicks=1.0))
        return bool(made[-1]["policy_version"] == 2)

    wait_for(by_version_2, 30, "a decision by version 2")
    return made


def observed(stack: Stack, decisions: list[dict[str, Any]]) -> bool:
    rows = query(stack, "SELECT participant_id, decision_index FROM observations")
    slots = {(d["participant_id"], d["decision_index"]) for d in decisions}
    return slots <= {(r.participant_id, r.decision_index) for r in rows}


def recorded(stack: Stack, decisions: list[dict[str, Any]]) -> bool:
    """Each decision in the database and on the log (what a replay compares), and observed."""
    rids = {d["rid"] for d in decisions}
    stored = {r.rid for r in query(stack, "SELECT rid FROM decisions")}
    topic = Topics(stack.namespace).decisions_made
    logged = {d.rid for d in asyncio.run(read_log(stack.settings(), topic, "bandit"))}
    return rids <= stored and rids <= logged and observed(stack, decisions)


def sql(stack: Stack, query: str, **params: Any) -> None:
    engine = create_engine(stack.database_url)
    with engine.begin() as conn:
        conn.execute(text(query), params)
    engine.dispose()


def replay(stack: Stack, tmp_path: Path, source: str = "both") -> tuple[int, dict[str, Any]]:
    return rlservice_report(stack, tmp_path, "replay", "--study", "bandit", "--source", source)


def fields(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["kind"], f["field"]) for f in report["findings"] if not f["code_changed"]}


def test_an_untouched_trial_replays_exactly(trial: Any, stack: Stack, tmp_path: Path) -> None:
    _, decisions = trial
    code, report = replay(stack, tmp_path)
    assert (code, report["mismatches"]) == (0, 0)
    assert report["decisions"] == len(decisions) and report["policy_versions"] == 2


@pytest.mark.parametrize(
    ("column", "expression"),
    [("probability", "probability + 0.01"), ("action", "1 - action"), ("seed", "seed + 1")],
)
def test_a_tampered_decision_in_the_database_is_caught(
    trial: Any, stack: Stack, tmp_path: Path, column: str, expression: str
) -> None:
    _, decisions = trial
    sql(
        stack,
        f"UPDATE decisions SET {column} = {expression} WHERE rid = :rid",
        rid=decisions[4]["rid"],
    )
    code, db_only = replay(stack, tmp_path, "db")
    assert code == 1 and ("decision", column) in fields(db_only)
    code, both = replay(stack, tmp_path, "both")
    assert code == 1 and ("log_vs_db", column) in fields(both)


def test_a_decision_naming_a_version_written_after_it_is_caught(
    trial: Any, stack: Stack, tmp_path: Path
) -> None:
    _, decisions = trial
    sql(stack, "UPDATE decisions SET policy_version = 2 WHERE rid = :rid", rid=decisions[0]["rid"])
    code, report = replay(stack, tmp_path, "db")
    found = [f for f in report["findings"] if f["field"] == "policy_version"]
    assert code == 1 and found and found[0]["derived"] == "written after the decision"


def test_a_policy_version_that_does_not_follow_from_its_parent_and_data_is_caught(
    trial: Any, stack: Stack, tmp_path: Path
) -> None:
    forged = {"algorithm": "blr_ts", "version": 1, "noise_var": 1.0, "n": 0}
    sql(
        stack,
        "INSERT INTO policy_versions (study_id, version, parent_version, algorithm, params,"
        " hyperparameters, fit_on, code_version) SELECT study_id, 3, 2, algorithm, :params,"
        " hyperparameters, fit_on, code_version FROM policy_versions WHERE version = 2",
        params=encode_params(forged),
    )
    code, report = replay(stack, tmp_path, "db")
    assert code == 1 and ("policy", "mean") in fields(report)


def test_a_decision_missing_from_the_log_or_from_the_database_is_caught(
    trial: Any, stack: Stack, tmp_path: Path
) -> None:
    _, decisions = trial
    sql(stack, "DELETE FROM decisions WHERE rid = :rid", rid=decisions[-1]["rid"])
    ghost = DecisionMade(
        request_id=uuid.uuid4(),
        study_id="bandit",
        participant_id="ghost",
        decision_index=0,
        rid=10**12,
        seed=1,
        action=0,
        probability=0.5,
        policy_version=1,
        algorithm="blr_ts",
        state=[1.0, 20.0],
        context={"temperature": 20.0},
        recent_rewards=[],
        fallback=False,
        decided_at=utcnow(),
        decided_by="nobody",
    )

    async def publish() -> None:
        broker = make_broker(stack.settings(), "test")
        async with broker:
            await broker.start()
            await broker.publish(ghost, topic=Topics(stack.namespace).decisions_made)

    asyncio.run(publish())
    code, report = replay(stack, tmp_path)
    presence = {(f["logged"], f["derived"]) for f in report["findings"] if f["field"] == "presence"}
    assert code == 1
    assert presence == {("in the log", "missing from the database")}
    assert report["log_vs_db_differences"] == 2  # the deleted one, and the ghost


def test_an_analyst_steps_through_a_participants_timeline_in_order(
    trial: Any, stack: Stack
) -> None:
    api, decisions = trial
    user = decisions[0]["participant_id"]
    analyst = api.client(("bandit", "analyst"))  # reads, and nothing else
    events = api.get(f"/v1/studies/bandit/participants/{user}/timeline", token=analyst).json()
    kinds = [e["kind"] for e in events["events"]]
    assert kinds[0] in ("policy_version", "registered") and "registered" in kinds
    assert kinds.count("decision") == 4 and kinds.count("request") == 4
    assert kinds.count("observation") == 4 and kinds.count("policy_version") == 2
    assert [e["step"] for e in events["events"]] == list(range(len(kinds)))
    assert [e["at"] for e in events["events"]] == sorted(e["at"] for e in events["events"])
    first = next(e for e in events["events"] if e["kind"] == "decision")
    assert first["rid"] == decisions[0]["rid"] and first["seed"] == str(decisions[0]["seed"])
    backend = api.client(("bandit", "backend"))
    refused = api.get(f"/v1/studies/bandit/participants/{user}/timeline", token=backend)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    missing = api.get("/v1/studies/bandit/participants/nobody/timeline", token=analyst)
    assert missing.status_code == 404


def test_a_version_fit_by_other_code_is_reported_as_a_code_change_not_a_mismatch(
    trial: Any, stack: Stack, tmp_path: Path
) -> None:
    forged = {"algorithm": "blr_ts", "version": 1, "noise_var": 1.0, "n": 0}
    sql(
        stack,
        "INSERT INTO policy_versions (study_id, version, parent_version, algorithm, params,"
        " hyperparameters, fit_on, code_version) SELECT study_id, 3, 2, algorithm, :params,"
        " hyperparameters, fit_on, 'algorithms-from-another-release' FROM policy_versions"
        " WHERE version = 2",
        params=encode_params(forged),
    )
    code, report = replay(stack, tmp_path, "db")
    changed = [f for f in report["findings"] if f["key"] == "v3"]
    assert code == 0 and report["mismatches"] == 0 and report["code_changed"] == 1
    assert changed and all(f["code_changed"] for f in changed)
