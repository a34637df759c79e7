"""The posterior sanity gate against the real stack: outcomes on a wild scale (clicks in the
trillions) truly blow the fitted posterior's mean up, so the trainer refuses to publish it: the
update request fails with the cause, the served version stays, the refusal is recorded with its
provenance, and the posterior_sanity check turns red."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_training import act_and_upload, finished, register, sql, start_learning_stack
from tests.support.api import Api
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    stack.extra_env.update({"MONITORING_EVERY_SECONDS": "1"})
    client = start_learning_stack(stack, tmp_path)
    yield client
    client.http.close()


def test_a_blown_up_posterior_is_refused_and_the_served_version_stays(
    api: Api, stack: Stack
) -> None:
    user = register(api)
    for index in range(6):
        act_and_upload(api, user, index, clicks=1e12)
    wait_for(
        lambda: sql(
            stack, "SELECT count(*) AS n FROM observations WHERE participant_id = :p", p=user
        ),
        lambda rows: rows[0].n == 6,
        30,
        "the outcomes stored",
    )

    update = api.post("/v1/studies/bandit/updates", {}).json()
    result = finished(api, update["update_id"])
    assert result["status"] == "failed"
    assert result["reason"].startswith("posterior refused: blown up: mean lies")
    versions = sql(stack, "SELECT max(version) AS v FROM policy_versions WHERE study_id='bandit'")
    assert versions[0].v == 1
    decided = api.post(
        "/v1/studies/bandit/actions",
        {"participant_id": user, "context": {"temperature": 20}, "decision_index": 6},
    ).json()
    assert decided["policy_version"] == 1

    refused = sql(stack, "SELECT * FROM refused_versions WHERE study_id = 'bandit'")
    assert len(refused) == 1
    assert refused[0].parent_version == 1 and refused[0].algorithm == "blr_ts"
    assert refused[0].fit_on["observations"] == 6 and refused[0].fit_on["trigger"] == "request"
    assert refused[0].code_version and refused[0].cause in result["reason"]

    def sanity() -> dict[str, Any]:
        checks = api.get("/v1/studies/bandit/health").json()["checks"]
        return next((c for c in checks if c["check"] == "posterior_sanity"), {})

    check = wait_for(sanity, lambda c: c.get("status") == "red", 60, "posterior_sanity red")
    assert check["value"] == 1 and "refused_versions" in check["evidence"]
