"""The study health routes over a fake store: the checks in the catalog's order with the study's
worst status, `since` from the open incident, incidents paged, and a resolution's note checked
at the edge before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from gateway.study_health import HealthDeps
from rladapters.monitoring.health import CheckView
from rldomain.errors import Conflict, NotFound
from rldomain.monitoring.checks import as_status
from rlkernel.db.models import Incident
from tests.component.gateway.edge.harness import EdgeState, refused

NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)
OPENED = NOW - timedelta(hours=2)
HEALTH, INCIDENTS = "/v1/studies/miwaves/health", "/v1/studies/miwaves/incidents"


def view(check: str, status: str, incident_id: int | None = None) -> CheckView:
    since = OPENED if incident_id else NOW - timedelta(days=1)
    return CheckView(check, as_status(status), 1.0, 1.0, since, "evidence", NOW, incident_id)


@dataclass
class InMemoryHealth:
    views: list[CheckView] = field(default_factory=list)
    stored: list[Incident] = field(default_factory=list)  # oldest first
    resolved: list[tuple[int, str, str, datetime]] = field(default_factory=list)

    async def checks(self, study_id: str) -> list[CheckView]:
        return self.views

    async def incidents(
        self, study_id: str, open_only: bool | None, limit: int, before: int | None
    ) -> list[Incident]:
        found = [
            i
            for i in reversed(self.stored)
            if (open_only is None or (i.closed_at is None) == open_only)
            and (before is None or i.id < before)
        ]
        return found[:limit]

    async def resolve(
        self, study_id: str, incident_id: int, actor: str, note: str, now: datetime
    ) -> Incident:
        found = next((i for i in self.stored if i.id == incident_id), None)
        if found is None:
            raise NotFound("incident_not_found", f"no incident {incident_id} here")
        if found.resolved_at is not None:
            raise Conflict("incident_resolved", "this incident is resolved already")
        found.resolved_at, found.resolved_by, found.note = now, actor, note
        self.resolved.append((incident_id, actor, note, now))
        return found


def incident(number: int, closed: bool) -> Incident:
    return Incident(
        id=number,
        study_id="miwaves",
        check="dead_letters",
        severity="yellow",
        opened_at=OPENED,
        closed_at=NOW if closed else None,
    )


@pytest.fixture
def health(state: EdgeState) -> InMemoryHealth:
    store = InMemoryHealth()
    state.health = HealthDeps(store, lambda: NOW)
    return store


async def test_a_study_never_checked_is_unknown(
    health: InMemoryHealth, client: httpx.AsyncClient
) -> None:
    got = await client.get(HEALTH)
    assert got.status_code == 200, got.text
    assert got.json() == {"study_id": "miwaves", "status": "unknown", "checks": []}


async def test_checks_come_in_the_catalogs_order_and_the_study_takes_the_worst(
    health: InMemoryHealth, client: httpx.AsyncClient
) -> None:
    health.views = [
        view("dead_letters", "yellow", incident_id=7),
        view("missing_decisions", "green"),
        view("fallback_rate", "red", incident_id=8),
    ]
    got = (await client.get(HEALTH)).json()
    assert got["status"] == "red"
    assert [c["check"] for c in got["checks"]] == [
        "missing_decisions",
        "fallback_rate",
        "dead_letters",
    ]
    dead = got["checks"][2]
    assert (dead["since"], dead["incident_id"]) == (OPENED.isoformat(), 7)
    assert "re-driven" in dead["meaning"]


async def test_incidents_are_paged_newest_first(
    health: InMemoryHealth, client: httpx.AsyncClient
) -> None:
    health.stored = [incident(n, closed=n % 2 == 0) for n in range(1, 6)]
    first = (await client.get(f"{INCIDENTS}?limit=2")).json()
    assert [i["id"] for i in first["incidents"]] == [5, 4] and first["next_before"] == 4
    rest = (await client.get(f"{INCIDENTS}?limit=2&before=4")).json()
    assert [i["id"] for i in rest["incidents"]] == [3, 2]
    opened = (await client.get(f"{INCIDENTS}?open=true&limit=10")).json()
    assert [i["id"] for i in opened["incidents"]] == [5, 3, 1] and opened["next_before"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "open=maybe", "before=0"])
async def test_an_incident_listing_out_of_bounds_is_refused(
    health: InMemoryHealth, client: httpx.AsyncClient, query: str
) -> None:
    refused(await client.get(f"{INCIDENTS}?{query}"), 422, "invalid_request")


@pytest.mark.parametrize("note", ["", "   ", "x" * 1001, None])
async def test_a_resolution_needs_a_note_of_1_to_1000_characters(
    health: InMemoryHealth, client: httpx.AsyncClient, note: str | None
) -> None:
    health.stored = [incident(1, closed=False)]
    body = {} if note is None else {"note": note}
    refused(await client.post(f"{INCIDENTS}/1/resolve", json=body), 422, "invalid_request")
    assert health.resolved == []


async def test_an_incident_is_resolved_once_by_the_service_clock(
    health: InMemoryHealth, client: httpx.AsyncClient
) -> None:
    health.stored = [incident(1, closed=False)]
    done = await client.post(f"{INCIDENTS}/1/resolve", json={"note": "letters re-driven"})
    assert done.status_code == 200, done.text
    assert done.json()["resolved_at"] == NOW.isoformat()
    assert health.resolved == [(1, "component-client", "letters re-driven", NOW)]
    refused(
        await client.post(f"{INCIDENTS}/1/resolve", json={"note": "x"}), 409, "incident_resolved"
    )
    refused(
        await client.post(f"{INCIDENTS}/9/resolve", json={"note": "x"}), 404, "incident_not_found"
    )
