"""The gateway's HTTP metrics over the whole app: each request counted under its route's
template, method, status and study, whatever its raw path says; and a decision the gateway
stored (its fallback, as no decision service answers here) counted by outcome and cause."""

from __future__ import annotations

import httpx
from prometheus_client import REGISTRY

from tests.component.fakes import InMemoryRecord

ACTIONS = "/v1/studies/{study_id}/actions"


def requests(route: str, method: str, status: int, study: str) -> float:
    labels = {"route": route, "method": method, "status": str(status), "study": study}
    return REGISTRY.get_sample_value("rls_http_request_seconds_count", labels) or 0.0


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_requests_are_counted_by_route_template_status_and_study(
    client: httpx.AsyncClient, user: str
) -> None:
    asked = {"participant_id": user, "context": {"temperature": 20}, "decision_index": 0}
    before = {
        "native": requests(ACTIONS, "POST", 200, "justin"),
        "contract": requests("/api/v1/action", "POST", 201, "justin"),
        "refused": requests(ACTIONS, "POST", 422, "justin"),
        "foreign": requests(ACTIONS, "POST", 403, "unknown"),
        "nowhere": requests("unmatched", "GET", 404, "none"),
        "odd": requests("unmatched", "other", 404, "none"),
    }
    assert (await client.post("/v1/studies/justin/actions", json=asked)).status_code == 200
    contract = {"user_id": user, "timestamp": "2025-01-01T12:00:00Z", "decision_idx": 1}
    answer = await client.post("/api/v1/action", json={**contract, "context": {"temperature": 1}})
    assert answer.status_code == 201, answer.text
    assert (await client.post("/v1/studies/justin/actions", json={})).status_code == 422
    # A study id no study file has is one label, whatever it is; so is a path nothing serves.
    for name in ("no-such-study", "another-made-up-one"):
        assert (await client.post(f"/v1/studies/{name}/actions", json=asked)).status_code == 403
    assert (await client.get(f"/v1/nowhere/{user}")).status_code == 404
    assert (await client.request("BREW", "/v1/pot")).status_code == 404
    after = {
        "native": requests(ACTIONS, "POST", 200, "justin"),
        "contract": requests("/api/v1/action", "POST", 201, "justin"),
        "refused": requests(ACTIONS, "POST", 422, "justin"),
        "foreign": requests(ACTIONS, "POST", 403, "unknown"),
        "nowhere": requests("unmatched", "GET", 404, "none"),
        "odd": requests("unmatched", "other", 404, "none"),
    }
    moved = {key: after[key] - before[key] for key in before}
    assert moved == {
        "native": 1,
        "contract": 1,
        "refused": 1,
        "foreign": 2,
        "nowhere": 1,
        "odd": 1,
    }
    exposed = REGISTRY.get_sample_value  # no series names a raw path
    assert exposed("rls_http_request_seconds_count", {"route": f"/v1/nowhere/{user}"}) is None


async def test_a_stored_fallback_is_counted_once_by_outcome_cause_and_probability(
    client: httpx.AsyncClient, user: str, record: InMemoryRecord
) -> None:
    def counts() -> tuple[float, float, float]:
        return (
            sample("rls_decisions_total", study="justin", outcome="fallback"),
            # The harness gives the publish no time at all: the request never reached the log.
            sample("rls_decision_fallbacks_total", study="justin", cause="event_log_unavailable"),
            sample("rls_decision_treatment_probability_count", study="justin"),
        )

    before = counts()
    asked = {"participant_id": user, "context": {"temperature": 20}, "decision_index": 3}
    for _ in range(2):  # the second asks for a decided slot: answered, not stored again
        assert (await client.post("/v1/studies/justin/actions", json=asked)).status_code == 200
    assert len(record.decisions) == 1
    assert [a - b for a, b in zip(counts(), before, strict=True)] == [1, 1, 1]
