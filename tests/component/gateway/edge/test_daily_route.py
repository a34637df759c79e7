"""The study's daily summary route over a fake store: "today" is the service clock's date in
the study's time zone, the number of days is bounded at the edge, and each day comes out as
the store counted it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx
import pytest

from gateway.daily import DailyDeps
from rladapters.daily import MAX_DAYS, Daily, Day
from tests.component.gateway.edge.harness import EdgeState, refused

# 02:00 UTC is still the evening before in Detroit, miwaves' time zone.
NOW = datetime(2026, 3, 2, 2, tzinfo=UTC)
DAILY = "/v1/studies/miwaves/daily"


@dataclass
class RecordingDaily:
    asked: list[tuple[str, str, date, int]] = field(default_factory=list)

    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> Daily:
        self.asked.append((study_id, timezone, last, days))
        counted = Day(last, 3, 1, 2, 0.5, 0.2, 0.5, 0.8)
        return Daily(
            [Day(date(2026, 2, 28), 0, 0, 0, None, None, None, None), counted], {"STARTED": 4}
        )


@pytest.fixture
def store(state: EdgeState) -> RecordingDaily:
    found = RecordingDaily()
    state.daily = DailyDeps(found, lambda: NOW)
    return found


async def test_days_end_today_in_the_studys_time_zone(
    store: RecordingDaily, client: httpx.AsyncClient
) -> None:
    got = await client.get(DAILY)
    assert got.status_code == 200, got.text
    assert store.asked == [("miwaves", "America/Detroit", date(2026, 3, 1), 30)]
    assert got.json() == {
        "study_id": "miwaves",
        "timezone": "America/Detroit",
        "days": [
            {
                "day": "2026-02-28",
                "policy": 0,
                "fallback": 0,
                "treated": 0,
                "mean_probability": None,
                "p10": None,
                "median": None,
                "p90": None,
            },
            {
                "day": "2026-03-01",
                "policy": 3,
                "fallback": 1,
                "treated": 2,
                "mean_probability": 0.5,
                "p10": 0.2,
                "median": 0.5,
                "p90": 0.8,
            },
        ],
        "participants": {"STARTED": 4},
    }


@pytest.mark.parametrize("days", [1, MAX_DAYS])
async def test_the_days_asked_are_passed_on(
    store: RecordingDaily, client: httpx.AsyncClient, days: int
) -> None:
    assert (await client.get(f"{DAILY}?days={days}")).status_code == 200
    assert store.asked[-1][3] == days


@pytest.mark.parametrize("query", ["days=0", f"days={MAX_DAYS + 1}", "days=x", "days=1&days=2"])
async def test_days_out_of_bounds_are_refused(
    store: RecordingDaily, client: httpx.AsyncClient, query: str
) -> None:
    refused(await client.get(f"{DAILY}?{query}"), 422, "invalid_request")
    assert store.asked == []
