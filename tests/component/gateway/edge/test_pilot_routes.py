"""The pilot routes over the fakes: only an admin marks a study live or resets it, a reset
needs the study's id typed again, a live study is never reset, and a reset is stored, then
served, then its caches are forgotten, then it is announced."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import httpx
import pytest

from gateway.auth import Tokens
from gateway.pilot import PilotDeps
from rladapters.access import Grants
from rladapters.pilot import Live, Reset
from rldomain.errors import Conflict
from rldomain.study import Study
from rlkernel.db.models import STUDY_ROLES, PolicyVersion
from rlkernel.events import StudyControlChanged
from tests.component.gateway.edge.harness import EdgeState, NoRevocations, refused, serve
from tests.component.gateway.fakes import AnsweringPublisher

NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)
RESET = "/v1/studies/oralytics/reset"
LIVE = "/v1/studies/oralytics/live"


@dataclass
class InMemoryPilot:
    """Keeps rladapters.pilot's contract: a live study is live for good and never reset."""

    live: set[str] = field(default_factory=set)
    log: list[str] = field(default_factory=list)  # what happened, in order, across the fakes

    async def mark_live(self, study_id: str, actor: str, at: datetime) -> Live:
        if study_id in self.live:
            raise Conflict("study_live", f"study {study_id} is live already")
        self.live.add(study_id)
        return Live(study_id, at, actor)

    async def reset(self, study: Study, actor: str, now: Callable[[], datetime]) -> Reset:
        if study.id in self.live:
            raise Conflict("study_live", f"study {study.id} is live: it cannot be reset")
        self.log.append("stored")
        return Reset(study.id, now(), actor, {"decisions": 3, "participants": 1})


@pytest.fixture
def pilot() -> InMemoryPilot:
    return InMemoryPilot()


@pytest.fixture
def wired(state: EdgeState, pilot: InMemoryPilot, publisher: AnsweringPublisher) -> EdgeState:
    async def refresh(study: Study) -> PolicyVersion:
        pilot.log.append("served")
        return PolicyVersion(study_id=study.id, version=1)

    async def forget(study_id: str) -> int:
        pilot.log.append("forgotten")
        return 0

    state.pilot = PilotDeps(pilot, refresh, forget, publisher, now=lambda: NOW)
    return state


class EveryRoleButAdmin:
    def __init__(self, studies: Any) -> None:
        self.studies = studies

    async def grants(self, username: str) -> Grants:
        roles = {s.id: frozenset(STUDY_ROLES) for s in self.studies}
        return Grants(username, admin=False, roles=roles)


async def test_only_an_admin_resets_or_marks_live(
    wired: EdgeState, pilot: InMemoryPilot, publisher: AnsweringPublisher
) -> None:
    wired.tokens = Tokens(
        wired.settings, cast(Any, NoRevocations()), cast(Any, EveryRoleButAdmin(wired.studies))
    )
    async with serve(wired) as operator:  # and backend, and analyst, of every study
        refused(await operator.post(RESET, json={"confirm": "oralytics"}), 403, "forbidden")
        refused(await operator.post(LIVE), 403, "forbidden")
    assert pilot.log == [] and pilot.live == set() and publisher.events == []


@pytest.mark.parametrize("confirm", ["miwaves", "Oralytics", "oralytics-2"])
async def test_a_reset_needs_the_study_id_typed_again(
    wired: EdgeState, client: httpx.AsyncClient, pilot: InMemoryPilot, confirm: str
) -> None:
    message = refused(
        await client.post(RESET, json={"confirm": confirm}), 422, "confirmation_mismatch"
    )
    assert "confirm it with the study's id" in message
    refused(await client.post(RESET, json={}), 422, "invalid_request")
    assert pilot.log == []


async def test_a_reset_is_stored_then_served_then_forgotten_then_announced(
    wired: EdgeState,
    client: httpx.AsyncClient,
    pilot: InMemoryPilot,
    publisher: AnsweringPublisher,
) -> None:
    done = await client.post(RESET, json={"confirm": "oralytics"})
    assert done.status_code == 200, done.text
    assert done.json() == {
        "study_id": "oralytics",
        "phase": "pilot",
        "reset_at": NOW.isoformat(),
        "by": "component-client",
        "deleted": {"decisions": 3, "participants": 1},
    }
    assert pilot.log == ["stored", "served", "forgotten"]
    [event] = publisher.events
    assert isinstance(event, StudyControlChanged)
    assert (event.change, event.changed_at, event.deleted["decisions"]) == ("reset", NOW, 3)


async def test_a_live_study_is_never_reset(
    wired: EdgeState,
    client: httpx.AsyncClient,
    pilot: InMemoryPilot,
    publisher: AnsweringPublisher,
) -> None:
    marked = await client.post(LIVE)
    assert marked.status_code == 200, marked.text
    assert marked.json()["phase"] == "live"
    refused(await client.post(LIVE), 409, "study_live")
    refused(await client.post(RESET, json={"confirm": "oralytics"}), 409, "study_live")
    assert pilot.log == []
    [event] = publisher.events
    assert isinstance(event, StudyControlChanged) and event.phase == "live"


async def test_an_unknown_study_is_not_found(wired: EdgeState, client: httpx.AsyncClient) -> None:
    refused(
        await client.post("/v1/studies/nope/reset", json={"confirm": "nope"}),
        404,
        "study_not_found",
    )
