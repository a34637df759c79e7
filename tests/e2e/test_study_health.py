"""A study's health checks against the real stack: faults injected in the record turn the
red checks red and open incidents, an operator resolves one with a note, and once the faults
are gone the checks are green again and the incidents closed. The trainer evaluates the checks
every second here (MONITORING_EVERY_SECONDS)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from rladapters.decision_record import settle
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.events import DecisionMade
from tests.support.api import Api
from tests.support.records import written
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
BIASED = 40  # justin decisions all treated at p = 0.3: z = (40 - 12) / sqrt(40 x 0.21) ~ 9.7


@pytest.fixture
def api(stack: Stack) -> Iterator[Api]:
    stack.extra_env.update(
        {"MONITORING_EVERY_SECONDS": "1", "TRAINER_SCHEDULE_CHECK_SECONDS": "0.5"}
    )
    stack.start("gateway")
    stack.start("trainer")
    stack.wait_until(
        lambda r: all(
            r.get("services", {}).get(s, {}).get("status") == "ok" for s in ("gateway", "trainer")
        ),
        60,
        "gateway and trainer",
    )
    client = Api(stack)
    yield client
    client.http.close()


def decisions(
    stack: Stack, participant: str, study: str, rows: list[tuple[int, int, float]]
) -> None:
    """Decisions stored as the decision service would, already on the log (so no sweeper
    publishes them): (decision index, action, probability) each."""
    for index, action, probability in rows:
        written(
            stack,
            "INSERT INTO decisions (study_id, participant_id, decision_index, request_id, "
            "event_id, seed, action, probability, policy_version, algorithm, state, context, "
            "recent_rewards, fallback, decided_at, decided_by, logged_at) VALUES (:s, :p, :i, "
            "gen_random_uuid(), gen_random_uuid(), 1, :a, :q, 1, 'test', '[]', '{}', '[]', "
            "false, now(), 'decision-test', now())",
            s=study,
            p=participant,
            i=index,
            a=action,
            q=probability,
        )


class Watcher:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.analyst = api.client(("miwaves", "analyst"), ("justin", "analyst"))
        self.operator = api.client(("miwaves", "operator"))

    def health(self, study: str) -> dict[str, Any]:
        got = self.api.get(f"/v1/studies/{study}/health", token=self.analyst)
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        return body

    def check(self, study: str, name: str, status: str) -> dict[str, Any]:
        """Waits until `name` shows `status`; that result."""

        def result() -> dict[str, Any]:
            found = [c for c in self.health(study)["checks"] if c["check"] == name]
            return found[0] if found else {}

        return wait_for(result, lambda c: c.get("status") == status, 60, f"{name} {status}")

    def incidents(self, study: str, query: str) -> list[dict[str, Any]]:
        got = self.api.get(f"/v1/studies/{study}/incidents?{query}", token=self.analyst)
        assert got.status_code == 200, got.text
        listed: list[dict[str, Any]] = got.json()["incidents"]
        return listed


def test_faults_turn_checks_red_open_incidents_and_their_removal_closes_them(
    api: Api, stack: Stack
) -> None:
    watcher = Watcher(api)
    # An active participant whose windows of the last day closed with no decision: registered
    # (backdated) before them.
    late = api.register_miwaves(days_ago=2)
    written(
        stack,
        "UPDATE participants SET created_at = now() - interval '3 days' "
        "WHERE study_id = 'miwaves' AND participant_id = :p",
        p=late,
    )
    # Decisions whose actions disagree with their probabilities.
    treated = api.add_justin_user()
    decisions(stack, treated, "justin", [(i, 1, 0.3) for i in range(BIASED)])

    missing = watcher.check("miwaves", "missing_decisions", "red")
    assert missing["value"] >= 1 and missing["threshold"] == 1
    assert f"/participants/{late}/timeline" in missing["evidence"]
    assert watcher.health("miwaves")["status"] == "red"
    integrity = watcher.check("justin", "randomization_integrity", "red")
    assert integrity["value"] > 4

    opened = watcher.incidents("miwaves", "open=true")
    assert [(i["id"], i["check"], i["severity"]) for i in opened] == [
        (missing["incident_id"], "missing_decisions", "red")
    ]
    assert missing["since"] == opened[0]["opened_at"]

    resolve = f"/v1/studies/miwaves/incidents/{missing['incident_id']}/resolve"
    note = {"note": "backend restarted; the slots stay undecided"}
    refused = api.post(resolve, note, token=watcher.analyst)
    assert refused.status_code == 403, refused.text
    resolved = api.post(resolve, note, token=watcher.operator)
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["note"] == note["note"] and resolved.json()["closed_at"] is None
    again = api.post(resolve, note, token=watcher.operator)
    assert (again.status_code, again.json()["code"]) == (409, "incident_resolved")

    # The faults removed: every window of the participant decided, the biased decisions gone.
    decisions(stack, late, "miwaves", [(i, i % 2, 0.5) for i in range(6)])
    written(
        stack, "DELETE FROM decisions WHERE study_id = 'justin' AND participant_id = :p", p=treated
    )

    watcher.check("miwaves", "missing_decisions", "green")
    watcher.check("justin", "randomization_integrity", "green")
    closed = {i["id"]: i for i in watcher.incidents("miwaves", "open=false")}
    incident = closed[missing["incident_id"]]
    assert incident["closed_at"] is not None and incident["note"] == note["note"]
    assert watcher.incidents("justin", "open=true") == []


def draft(participant: str, action: int, by: str) -> DecisionMade:
    """A randomization of the participant's slot 0 as a service drafts it (rid 0)."""
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id="justin",
        participant_id=participant,
        decision_index=0,
        rid=0,
        seed=7,
        action=action,
        probability=0.5,
        policy_version=1,
        algorithm="test",
        state=[],
        context={},
        recent_rewards=[],
        fallback=by.startswith("gateway"),
        decided_at=datetime.now(UTC),
        decided_by=by,
    )


def test_a_slot_randomized_twice_turns_duplicate_decisions_red(api: Api, stack: Stack) -> None:
    """The fault as it happens: the gateway's time-out fallback stored first, then the decision
    service's late draft for the same slot with the other action, both through the record's
    own settle (rladapters.decision_record). The stored decision stands; the check goes red."""
    watcher = Watcher(api)
    user = api.add_justin_user()
    sessions = make_sessionmaker(make_engine(stack.settings()))
    with sessions.begin() as session:
        settle(session, [draft(user, 1, "gateway-test")])
    with sessions.begin() as session:
        late = settle(session, [draft(user, 0, "decision-test")])
    assert late[0].decision.action == 1 and not late[0].new

    check = watcher.check("justin", "duplicate_decisions", "red")
    assert check["value"] == 1
    assert watcher.health("justin")["status"] == "red"
