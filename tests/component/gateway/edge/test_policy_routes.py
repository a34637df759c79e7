"""The policy routes over the fakes: a distribution is read, never drawn, stored or published;
a control change is stored, then served, then announced; an exclusion names what it leaves out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import httpx
import pytest

from gateway.controls import ControlDeps
from gateway.distribution import DistributionDeps
from rladapters.exclusions import Criteria
from rladapters.policy_controls import Change, Controls, after_change
from rldomain.algorithms import encode_params
from rldomain.errors import NotFound
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion, UpdateExclusion
from rlkernel.events import PolicyControlChanged
from tests.component.fakes import InMemoryHistory, InMemoryRecord
from tests.component.gateway.edge.harness import EdgeState, refused
from tests.component.gateway.fakes import AnsweringPublisher
from tests.component.gateway.test_distribution import ENGAGED, StoredVersions

DISTRIBUTION = "/v1/studies/miwaves/policies/{}/distribution"
CONTROLS = "/v1/studies/miwaves/controls"
NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)


@dataclass
class InMemoryControls:
    """Keeps the store's contract (rladapters.policy_controls): a change that changes nothing
    is refused, a pin names a stored version; every change is kept, in order."""

    newest: int
    changes: list[Controls] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # what happened, in order, across the fakes

    async def get(self, study_id: str) -> tuple[Controls, int | None]:
        return (self.changes[-1] if self.changes else Controls(study_id)), self.newest

    async def change(
        self,
        study_id: str,
        change: Change,
        actor: str,
        reason: str,
        at: datetime,
        version: int | None = None,
    ) -> Controls:
        if version is not None and version > self.newest:
            raise NotFound("policy_not_found", f"no policy version {version}")
        before, _ = await self.get(study_id)
        after = after_change(before, change, version)
        stored = replace(
            after,
            control_id=len(self.changes) + 1,
            reason=reason,
            changed_by=actor,
            changed_at=at,
        )
        self.changes.append(stored)
        self.log.append(f"stored {change}")
        return stored


@dataclass
class InMemoryExclusions:
    rows: list[UpdateExclusion] = field(default_factory=list)

    async def add(
        self, study_id: str, criteria: Criteria, actor: str, reason: str
    ) -> UpdateExclusion:
        row = UpdateExclusion(
            id=len(self.rows) + 1,
            study_id=study_id,
            participant_id=criteria.participant_id,
            from_index=criteria.from_index,
            to_index=criteria.to_index,
            from_time=criteria.from_time,
            to_time=criteria.to_time,
            reason=reason,
            created_by=actor,
            created_at=NOW,
        )
        self.rows.append(row)
        return row

    async def of_study(self, study_id: str) -> list[UpdateExclusion]:
        return [r for r in self.rows if r.study_id == study_id]


@pytest.fixture
def versions(studies: dict[str, Study]) -> StoredVersions:
    params = studies["miwaves"].policy.initial_params()
    row = PolicyVersion(
        study_id="miwaves", version=1, algorithm="rebandit", params=encode_params(params)
    )
    return StoredVersions({("miwaves", 1): row})


@pytest.fixture
def controls() -> InMemoryControls:
    return InMemoryControls(newest=3)


@pytest.fixture
def wired(
    state: EdgeState,
    versions: StoredVersions,
    controls: InMemoryControls,
    publisher: AnsweringPublisher,
) -> EdgeState:
    state.distribution = DistributionDeps(versions, InMemoryHistory(), state.participants)

    async def refresh(study: Study) -> PolicyVersion:
        controls.log.append("served")
        return PolicyVersion(study_id=study.id, version=1)

    state.controls = ControlDeps(controls, refresh, publisher, now=lambda: NOW)
    state.exclusions = InMemoryExclusions()
    return state


async def test_a_distribution_is_read_without_drawing_storing_or_publishing(
    wired: EdgeState,
    client: httpx.AsyncClient,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
) -> None:
    asked: dict[str, str | int] = {"context": json.dumps(ENGAGED), "decision_index": 1}
    response = await client.get(DISTRIBUTION.format(1), params=asked)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["study_id"], body["policy_version"], body["state"]) == ("miwaves", 1, [1, 1, 1])
    [no, yes] = body["probabilities"]
    assert (no["action"], yes["action"]) == (0, 1)
    assert no["probability"] + yes["probability"] == pytest.approx(1)
    [advantage] = body["advantages"]  # of action 1 over 0: rldomain.advantage
    assert advantage["action"] == 1 and advantage["sd"] > 0
    assert publisher.events == [] and record.decisions == {}


async def test_a_distribution_names_what_is_wrong_with_the_query(
    wired: EdgeState, client: httpx.AsyncClient
) -> None:
    unknown = await client.get(DISTRIBUTION.format(2), params={"state": "[0, 0, 0]"})
    refused(unknown, 404, "policy_not_found")
    refused(
        await client.get(DISTRIBUTION.format(0), params={"state": "[0]"}), 422, "invalid_request"
    )
    too_long = {"state": "[" + "0, " * 5000 + "0]"}
    refused(await client.get(DISTRIBUTION.format(1), params=too_long), 422, "invalid_request")


async def test_a_pin_is_stored_then_served_then_announced(
    wired: EdgeState,
    client: httpx.AsyncClient,
    controls: InMemoryControls,
    publisher: AnsweringPublisher,
) -> None:
    pinned = await client.post(f"{CONTROLS}/pin", json={"version": 2, "reason": "v3 misbehaves"})
    assert pinned.status_code == 200, pinned.text
    assert pinned.json() == {
        "study_id": "miwaves",
        "frozen": False,
        "pinned_version": 2,
        "served_version": 2,
        "newest_version": 3,
        "reason": "v3 misbehaves",
        "changed_by": "component-client",
        "changed_at": NOW.isoformat(),
    }
    assert controls.log == ["stored pin", "served"]
    [event] = publisher.events
    assert isinstance(event, PolicyControlChanged)
    assert (event.change, event.pinned_version, event.control_id) == ("pin", 2, 1)

    refused(
        await client.post(f"{CONTROLS}/pin", json={"version": 9, "reason": "x"}),
        404,
        "policy_not_found",
    )
    again = await client.post(f"{CONTROLS}/pin", json={"version": 2, "reason": "again"})
    refused(again, 409, "control_unchanged")
    assert len(publisher.events) == 1, "a refused change announces nothing"


async def test_freezing_keeps_the_served_version_and_says_frozen(
    wired: EdgeState, client: httpx.AsyncClient
) -> None:
    frozen = await client.post(f"{CONTROLS}/freeze", json={"reason": "interim analysis"})
    assert frozen.status_code == 200, frozen.text
    assert (frozen.json()["frozen"], frozen.json()["served_version"]) == (True, 3)
    current = (await client.get(CONTROLS)).json()
    assert current == frozen.json()
    refused(await client.post(f"{CONTROLS}/freeze", json={"reason": "x"}), 409, "control_unchanged")
    refused(await client.post(f"{CONTROLS}/freeze", json={"reason": ""}), 422, "invalid_request")


async def test_an_exclusion_names_what_updates_leave_out_from_now_on(
    wired: EdgeState, client: httpx.AsyncClient
) -> None:
    asked = {"participant_id": "p-1", "from_time": "2026-03-02T08:00:00-05:00", "reason": "ill"}
    made = await client.post("/v1/studies/miwaves/exclusions", json=asked)
    assert made.status_code == 201, made.text
    assert made.json() == {
        "id": 1,
        "participant_id": "p-1",
        "from_decision_index": None,
        "to_decision_index": None,
        "from_time": "2026-03-02T08:00:00-05:00",
        "to_time": None,
        "reason": "ill",
        "created_by": "component-client",
        "created_at": NOW.isoformat(),
    }
    listed = await client.get("/v1/studies/miwaves/exclusions")
    assert listed.json() == {"exclusions": [made.json()]}


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"reason": "no criterion"}, "name a participant"),
        ({"from_decision_index": 4, "to_decision_index": 3, "reason": "x"}, "before"),
        ({"from_time": "2026-03-02T08:00:00", "reason": "x"}, "time zone"),
        ({"from_time": 100, "to_time": 100, "reason": "x"}, "not after"),
        ({"from_decision_index": 1.0, "reason": "x"}, "from_decision_index"),
    ],
)
async def test_an_exclusion_that_names_nothing_or_an_empty_range_is_refused(
    wired: EdgeState, client: httpx.AsyncClient, body: dict[str, object], names: str
) -> None:
    refusal = await client.post("/v1/studies/miwaves/exclusions", json=body)
    assert names in refused(refusal, 422, "invalid_request")
    assert wired.exclusions.rows == []
