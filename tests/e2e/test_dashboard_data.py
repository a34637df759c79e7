"""The numbers behind a study's dashboard page (GET /v1/studies/{study}/daily and
.../probability-by-state) against the real stack: decisions made through the API and a few
injected around midnight in MiWaves' time zone (America/Detroit), each day's counts, mean and
percentiles checked against the decisions table computed here in Python, days bucketed in the
study's own time zone; and the policy's decisions grouped by state, the same way."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from rladapters.state_probabilities import TOP
from tests.support.api import MIWAVES_TZ, Api
from tests.support.records import rows, written
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
DAYS = 3


def inject(
    stack: Stack,
    participant: str,
    index: int,
    at: datetime,
    fallback: bool,
    study: str = "miwaves",
    state: str = "[]",
) -> None:
    """A decision stored as the decision service would, already on the log."""
    written(
        stack,
        "INSERT INTO decisions (study_id, participant_id, decision_index, request_id, "
        "event_id, seed, action, probability, policy_version, algorithm, state, context, "
        "recent_rewards, fallback, decided_at, decided_by, logged_at) VALUES (:s, :p, "
        ":i, gen_random_uuid(), gen_random_uuid(), 1, :a, :q, 1, 'test', :state, '{}', '[]', "
        ":f, :at, 'dashboard-test', now())",
        s=study,
        p=participant,
        i=index,
        a=index % 2,
        q=0.2 + 0.1 * (index % 8),
        state=state,
        f=fallback,
        at=at,
    )


def expected(stack: Stack, study: str, zone: ZoneInfo) -> list[dict[str, Any]]:
    """The last DAYS days of the study's decisions, counted from its table here."""
    found = rows(
        stack,
        "SELECT decided_at, fallback, action, probability FROM decisions WHERE study_id = :s",
        s=study,
    )
    by_day: dict[date, list[Any]] = defaultdict(list)
    for r in found:
        by_day[r.decided_at.astimezone(zone).date()].append(r)
    today = datetime.now(zone).date()
    days = []
    for day in (today - timedelta(days=n) for n in reversed(range(DAYS))):
        made = by_day[day]
        p = [r.probability for r in made]
        # PostgreSQL's percentile_cont interpolates linearly, as numpy's default does.
        spread = [float(q) for q in np.percentile(p, [10, 50, 90])] if p else [None] * 3
        days.append(
            {
                "day": day.isoformat(),
                "policy": sum(not r.fallback for r in made),
                "fallback": sum(r.fallback for r in made),
                "treated": sum(r.action != 0 for r in made),
                "mean_probability": fmean(p) if p else None,
                **dict(zip(("p10", "median", "p90"), spread, strict=True)),
            }
        )
    return days


def participants(stack: Stack, study: str) -> dict[str, int]:
    found = rows(
        stack,
        "SELECT status, count(*) FROM participants WHERE study_id = :s GROUP BY status",
        s=study,
    )
    return {status: n for status, n in found}


def daily(api: Api, analyst: str, study: str) -> dict[str, Any]:
    got = api.get(f"/v1/studies/{study}/daily?days={DAYS}", token=analyst)
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


def test_the_daily_numbers_are_the_decisions_tables(api: Api, stack: Stack) -> None:
    users = [api.add_justin_user() for _ in range(2)]
    for user in users:
        for index in range(3):
            assert api.justin_action(user, index).status_code == 201
    wait_for(
        lambda: rows(stack, "SELECT count(*) FROM decisions WHERE study_id = 'justin'")[0][0],
        lambda n: n == 6,
        30,
        "six justin decisions stored",
    )
    # Around today's midnight in Detroit: one decision the day before, two today.
    zone = ZoneInfo(MIWAVES_TZ)
    midnight = datetime.combine(datetime.now(zone).date(), time(), zone)
    participant = api.register_miwaves(days_ago=1)
    for index, (minutes, fallback) in enumerate([(-30, False), (30, True), (60, False)]):
        inject(stack, participant, index, midnight + timedelta(minutes=minutes), fallback)
    analyst = api.client(("justin", "analyst"), ("miwaves", "analyst"))

    for study, tz in (("justin", "UTC"), ("miwaves", MIWAVES_TZ)):
        got = daily(api, analyst, study)
        assert (got["study_id"], got["timezone"]) == (study, tz)
        assert got["days"] == [pytest.approx(d) for d in expected(stack, study, ZoneInfo(tz))]
        assert got["participants"] == participants(stack, study)
    days = daily(api, analyst, "miwaves")["days"]
    assert [(d["policy"], d["fallback"]) for d in days] == [(0, 0), (1, 0), (1, 1)]


def by_state(stack: Stack, study: str) -> dict[str, Any]:
    """The study's policy decisions of the last DAYS days (UTC) grouped by state, here."""
    start = datetime.combine(datetime.now(UTC).date() - timedelta(days=DAYS - 1), time(), UTC)
    found = rows(
        stack,
        "SELECT state, probability FROM decisions WHERE study_id = :s AND NOT fallback "
        "AND decided_at >= :start",
        s=study,
        start=start,
    )
    groups: dict[tuple[float, ...], list[float]] = defaultdict(list)
    for r in found:
        groups[tuple(r.state)].append(r.probability)
    # Most decisions first, ties by the state: as PostgreSQL orders jsonb lists of one length.
    ranked = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))
    top = [(list(s), p) for s, p in ranked[:TOP]]
    other = [q for _, p in ranked[TOP:] for q in p]
    shown = top + ([(None, other)] if other else [])
    return {
        "decisions": len(found),
        "distinct": len(groups),
        "states": [
            {
                "state": s,
                "decisions": len(p),
                "mean_probability": pytest.approx(fmean(p)),
                "min_probability": pytest.approx(min(p)),
                "max_probability": pytest.approx(max(p)),
            }
            for s, p in shown
        ],
    }


def test_probability_by_state_is_the_decisions_table_grouped(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    for index in range(2):
        assert api.justin_action(user, index).status_code == 201
    wait_for(
        lambda: rows(stack, "SELECT count(*) FROM decisions WHERE participant_id = :p", p=user),
        lambda found: found[0][0] == 2,
        30,
        "two decisions of the user stored",
    )
    # More distinct states than are shown one by one (a temperature each, none the API's 23),
    # and a fallback, which is left out.
    now = datetime.now(UTC)
    for index in range(2, TOP + 4):
        inject(stack, user, index, now, False, study="justin", state=f"[1, {100 + index}]")
    inject(stack, user, TOP + 4, now, True, study="justin", state="[1, 0]")
    analyst = api.client(("justin", "analyst"))

    got = api.get(f"/v1/studies/justin/probability-by-state?days={DAYS}", token=analyst)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["names"] == ["intercept", "temperature"]
    assert body["states"][-1]["state"] is None
    assert {k: body[k] for k in ("decisions", "distinct", "states")} == by_state(stack, "justin")
