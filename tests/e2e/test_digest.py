"""`rlservice digest` against the real stack: a day of JustIn decisions made by the services,
one fallback and one incident injected in the record; the text and the HTML report show the
day's numbers as the record holds them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.api import Api
from tests.support.records import rows, written
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e
ACTIONS = 6


def test_the_digest_counts_the_days_decisions_and_incidents(stack: Stack, tmp_path: Path) -> None:
    for service in ("gateway", "decision"):
        stack.start(service)
    stack.wait_until(
        lambda r: all(
            r.get("services", {}).get(s, {}).get("status") == "ok" for s in ("gateway", "decision")
        ),
        60,
        "gateway and decision",
    )
    api = Api(stack)
    user = api.add_justin_user()
    for index in range(ACTIONS):
        assert api.justin_action(user, index).status_code == 201
    api.http.close()
    written(
        stack,
        "INSERT INTO decisions (study_id, participant_id, decision_index, request_id, event_id, "
        "seed, action, probability, policy_version, algorithm, state, context, recent_rewards, "
        "fallback, fallback_reason, decided_at, decided_by, logged_at) SELECT study_id, "
        "participant_id, 99, gen_random_uuid(), gen_random_uuid(), 1, 0, 0.5, policy_version, "
        "algorithm, state, context, recent_rewards, true, 'timeout', decided_at, 'gateway', "
        "logged_at FROM decisions WHERE participant_id = :p AND decision_index = 0",
        p=user,
    )
    (incident,) = written(
        stack,
        'INSERT INTO incidents (study_id, "check", severity, opened_at, resolved_at, '
        "resolved_by, note) SELECT 'justin', 'dead_letters', 'yellow', decided_at, decided_at, "
        "'operator', 're-driven' FROM decisions WHERE participant_id = :p AND decision_index = 0 "
        "RETURNING id",
        p=user,
    )
    (day,) = rows(
        stack,
        "SELECT DISTINCT CAST(timezone('UTC', decided_at) AS date) AS d, "
        "count(*) FILTER (WHERE action <> 0 AND participant_id = :p) AS treated "
        "FROM decisions WHERE study_id = 'justin' GROUP BY 1",
        p=user,
    )

    command = ["digest", "--study", "justin", "--day", day.d.isoformat(), "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "rlservice", *command],
        env={**os.environ, **stack.env()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = dict(re.findall(r"^ *(\S.*?) {2,}(.+)$", done.stdout, re.M))
    assert report["decisions"] == str(ACTIONS + 1)
    assert report["by the policy"] == str(ACTIONS)
    assert report["by the fallback"] == "1 (timeout: 1)"
    share = f"{day.treated / (ACTIONS + 1):.1%}"
    assert report["treated"] == f"{day.treated} ({share})"
    assert report["incidents opened"] == "1" and report["incidents resolved"] == "1"
    assert f"#{incident.id} dead_letters (yellow)" in done.stdout
    (newest,) = rows(stack, "SELECT max(version) AS v FROM policy_versions WHERE study_id='justin'")
    policy = report["policy version (age at the day's end)"]
    assert policy.startswith(f"{newest.v} (") if newest.v else policy == "none (-)"

    page = (tmp_path / f"digest-justin-{day.d.isoformat()}.html").read_text()
    assert "<svg" in page and f"#{incident.id} dead_letters" in page
    assert "<script" not in page and "http" not in page.replace('"http://www.w3.org/2000/svg"', "")
