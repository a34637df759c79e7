"""A study of three actions through every service: decided, stored, learned from, replayed,
with every action's probability carried end to end; a binary study's decisions unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from rlkernel.topics import Topics
from rlservice.replay.sources import read_log
from tests.e2e.test_training import finished, sql
from tests.support.api import Api, new_id
from tests.support.cli import rlservice_report
from tests.support.stack import Stack
from tests.support.studies import write_studies
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e

ACTIONS = ["none", "short", "long"]
WARMUP = [0.2, 0.3, 0.5]  # each participant's first two slots
TRIO: dict[str, Any] = {
    "id": "trio",
    "name": "Three actions, indexed by the client",
    "actions": ACTIONS,
    "schedule": {"kind": "client_indexed"},
    "context": {"mood": {"type": "str", "choices": ["low", "mid", "high"]}},
    "reward": "default(outcome.minutes, 0)",
    "state": {"low": "mood == 'low'", "high": "mood == 'high'"},
    "features": ["1", "low", "high"],
    "warmup": {"decisions": 2, "probabilities": WARMUP},
    "fallback": {"probabilities": [0.34, 0.33, 0.33]},
    "algorithm": {
        "name": "blr_ts",
        "clip": {"low": 0.1, "high": 1.0},
        "priors": {
            "baseline_mean": [0, 0, 0],
            "baseline_var": 1,
            "advantage_mean": 0,
            "advantage_var": 0.25,
            "noise_var": 1,
        },
    },
    "update": {"posterior": "never", "hyperparameters": "never"},
}
MOODS = ("low", "mid", "high")


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    """Every service, serving the shipped studies, the tests' bandit and the three-action one."""
    studies = write_studies(tmp_path / "studies", "http://127.0.0.1:9")
    (studies / "trio.yaml").write_text(yaml.safe_dump(TRIO))
    stack.extra_env["STUDIES_DIR"] = str(studies)
    for service in ("gateway", "decision", "ingest", "trainer"):
        stack.start(service)
    stack.wait_until(lambda r: r.get("status") == "ok", 60, "the whole stack ok")
    client = Api(stack)
    yield client
    client.http.close()


def register(api: Api, study: str) -> str:
    user = new_id()
    made = api.post(f"/v1/studies/{study}/participants", {"participant_id": user})
    assert made.status_code == 201, made.text
    return user


def act_and_upload(api: Api, user: str, index: int) -> dict[str, Any]:
    """A decision of the three-action study, then its outcome uploaded as a backend would."""
    mood = MOODS[index % 3]
    made = api.post(
        "/v1/studies/trio/actions",
        {"participant_id": user, "context": {"mood": mood}, "decision_index": index},
    )
    assert made.status_code == 200, made.text
    decision: dict[str, Any] = made.json()
    uploaded = api.post(
        f"/v1/studies/trio/participants/{user}/decisions/{index}/data",
        {
            "context": {"mood": mood},
            "action": decision["action"],
            "action_prob": decision["probability"],
            "outcome": {"minutes": 10.0 * decision["action"] + index % 3},
        },
    )
    assert uploaded.status_code == 202, uploaded.text
    return decision


def observed(stack: Stack, count: int) -> bool:
    rows = sql(stack, "SELECT count(*) AS n FROM observations WHERE study_id = 'trio'")
    return bool(rows[0].n == count)


def replay(stack: Stack, tmp_path: Path, source: str) -> tuple[int, dict[str, Any]]:
    return rlservice_report(stack, tmp_path, "replay", "--study", "trio", "--source", source)


def findings(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["kind"], f["field"]) for f in report["findings"] if not f["code_changed"]}


def test_a_three_action_study_decides_learns_and_replays_exactly(
    api: Api, stack: Stack, tmp_path: Path
) -> None:
    users = [register(api, "trio") for _ in range(3)]
    decisions = [act_and_upload(api, u, i) for u in users for i in range(6)]
    for d in decisions:
        assert d["action_name"] == ACTIONS[d["action"]]
        assert len(d["probabilities"]) == 3 and sum(d["probabilities"]) == pytest.approx(1)
        assert d["probability"] == d["probabilities"][1]  # P(action 1), as ever
        assert (d["probabilities"] == WARMUP) == (d["decision_index"] < 2)
    assert {d["action"] for d in decisions} == {0, 1, 2}
    wait_for(lambda: observed(stack, len(decisions)), bool, 30, "every outcome stored")

    update = api.post("/v1/studies/trio/updates", {}).json()
    assert finished(api, update["update_id"])["policy_version"] == 2
    probe = register(api, "trio")

    def by_version_2() -> bool:  # the decision service's cache lags the update by a moment
        decisions.append(act_and_upload(api, probe, len(decisions)))
        return bool(decisions[-1]["policy_version"] == 2)

    wait_for(by_version_2, bool, 30, "a decision by version 2")
    wait_for(lambda: observed(stack, len(decisions)), bool, 30, "every outcome stored")

    stored = sql(stack, "SELECT rid, probabilities FROM decisions WHERE study_id = 'trio'")
    assert {r.rid: r.probabilities for r in stored} == {
        d["rid"]: d["probabilities"] for d in decisions
    }
    topic = Topics(stack.namespace).decisions_made
    logged = asyncio.run(read_log(stack.settings(), topic, "trio"))
    assert {d.rid: d.probabilities for d in logged} == {
        d["rid"]: d["probabilities"] for d in decisions
    }
    code, report = replay(stack, tmp_path, "both")
    assert (code, report["mismatches"], report["policy_versions"]) == (0, 0, 2)

    # Off-policy value of version 2 from the logged vectors: weights of the action taken.
    code, evaluated = rlservice_report(
        stack, tmp_path, "evaluate", "--study", "trio", "--candidate", "version:2"
    )
    assert (code, evaluated["decisions"]) == (0, len(decisions))
    assert [e["method"] for e in evaluated["estimates"]] == ["ipw", "snipw", "dr"]

    timeline = api.get(f"/v1/studies/trio/participants/{users[0]}/timeline").json()
    shown = [e["probabilities"] for e in timeline["events"] if e["kind"] == "decision"]
    assert shown == [d["probabilities"] for d in decisions[:6]]

    tampered = decisions[4]  # a policy decision: action 2's probability moved to action 0
    a, b, c = tampered["probabilities"]
    sql(
        stack,
        "UPDATE decisions SET probabilities = :p WHERE rid = :rid",
        p=[a + 0.05, b, c - 0.05],
        rid=tampered["rid"],
    )
    code, db_only = replay(stack, tmp_path, "db")
    # Version 2, fit on that decision's outcome, may no longer follow from it either.
    decided = {f for f in findings(db_only) if f[0] == "decision"}
    assert code == 1 and decided == {("decision", "probabilities")}
    code, both = replay(stack, tmp_path, "both")
    assert code == 1 and ("log_vs_db", "probabilities") in findings(both)


def test_a_binary_studys_decision_carries_no_vector_on_the_log_or_in_the_record(
    api: Api, stack: Stack
) -> None:
    user = register(api, "bandit")
    made = api.post(
        "/v1/studies/bandit/actions",
        {"participant_id": user, "context": {"temperature": 20.0}, "decision_index": 0},
    ).json()
    p = made["probability"]
    assert made["probabilities"] == [1 - p, p]
    assert made["action_name"] == ["no_action", "action"][made["action"]]
    [row] = sql(stack, "SELECT probabilities FROM decisions WHERE rid = :rid", rid=made["rid"])
    assert row.probabilities is None
    topic = Topics(stack.namespace).decisions_made

    def on_the_log() -> list[Any]:
        return asyncio.run(read_log(stack.settings(), topic, "bandit"))

    [event] = wait_for(on_the_log, bool, 30, "the decision on the log")
    # Parsed from the event's bytes: a key absent there is absent from the fields set.
    assert event.rid == made["rid"] and "probabilities" not in event.model_fields_set
