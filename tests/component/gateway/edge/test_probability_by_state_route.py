"""The probability-by-state route over a fake store: the days end today in the study's time
zone, are bounded at the edge, and the groups come out as the store counted them, named by the
study's state entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx
import pytest

from gateway.daily import ByStateDeps
from rladapters.daily import MAX_DAYS
from rladapters.state_probabilities import ByState, StateGroup
from tests.component.gateway.edge.harness import EdgeState, refused

# 02:00 UTC is still the evening before in Detroit, miwaves' time zone.
NOW = datetime(2026, 3, 2, 2, tzinfo=UTC)
BY_STATE = "/v1/studies/miwaves/probability-by-state"


@dataclass
class RecordingByState:
    asked: list[tuple[str, str, date, int]] = field(default_factory=list)

    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> ByState:
        self.asked.append((study_id, timezone, last, days))
        groups = [StateGroup([1.0, 0.0, 1.0], 5, 0.4, 0.3, 0.5), StateGroup(None, 2, 0.6, 0.2, 0.8)]
        return ByState(groups, distinct=26, decisions=7)


@pytest.fixture
def store(state: EdgeState) -> RecordingByState:
    found = RecordingByState()
    state.by_state = ByStateDeps(found, lambda: NOW)
    return found


async def test_groups_of_the_days_ending_today_named_by_the_studys_state(
    store: RecordingByState, client: httpx.AsyncClient
) -> None:
    got = await client.get(BY_STATE)
    assert got.status_code == 200, got.text
    assert store.asked == [("miwaves", "America/Detroit", date(2026, 3, 1), 30)]
    assert got.json() == {
        "study_id": "miwaves",
        "timezone": "America/Detroit",
        "names": ["s1", "s2", "s3"],
        "decisions": 7,
        "distinct": 26,
        "states": [
            {
                "state": [1.0, 0.0, 1.0],
                "decisions": 5,
                "mean_probability": 0.4,
                "min_probability": 0.3,
                "max_probability": 0.5,
            },
            {
                "state": None,
                "decisions": 2,
                "mean_probability": 0.6,
                "min_probability": 0.2,
                "max_probability": 0.8,
            },
        ],
    }


@pytest.mark.parametrize("days", [1, MAX_DAYS])
async def test_the_days_asked_are_passed_on(
    store: RecordingByState, client: httpx.AsyncClient, days: int
) -> None:
    assert (await client.get(f"{BY_STATE}?days={days}")).status_code == 200
    assert store.asked[-1][3] == days


@pytest.mark.parametrize("query", ["days=0", f"days={MAX_DAYS + 1}", "days=x"])
async def test_days_out_of_bounds_are_refused(
    store: RecordingByState, client: httpx.AsyncClient, query: str
) -> None:
    refused(await client.get(f"{BY_STATE}?{query}"), 422, "invalid_request")
    assert store.asked == []
