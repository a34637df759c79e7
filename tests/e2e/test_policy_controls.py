"""An operator's controls over a study's policy, against the real stack: a freeze keeps the
trainer from writing versions, a pin serves an earlier version and an unpin the newest again,
each stored, audited and announced; an exclusion leaves data out of the updates after it; and
what a version would do for a context, read without a decision."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from rladapters.policies import PolicyMirror, Served
from rladapters.training_data import observations_between
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.db.models import PolicyVersion
from rlkernel.redis_client import make_redis
from tests.e2e.test_training import act_and_upload, finished, register, start_learning_stack
from tests.support.api import Api
from tests.support.records import rows
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
BANDIT = "/v1/studies/bandit"


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    client = start_learning_stack(stack, tmp_path)
    yield client
    client.http.close()


def control(api: Api, change: str, **body: Any) -> dict[str, Any]:
    done = api.post(f"{BANDIT}/controls/{change}", {"reason": f"e2e: {change}", **body})
    assert done.status_code == 200, done.text
    return dict(done.json())


def update(api: Api) -> dict[str, Any]:
    requested = api.post(f"{BANDIT}/updates", {})
    assert requested.status_code == 202, requested.text
    return finished(api, requested.json()["update_id"])


def learned_from(api: Api, stack: Stack, user: str, indexes: range) -> None:
    """Decisions and outcomes for `indexes`, stored as observations."""
    for index in indexes:
        act_and_upload(api, user, index, clicks=5.0)
    wait_for(
        lambda: rows(stack, "SELECT count(*) AS n FROM observations")[0].n,
        lambda n: n == indexes.stop,
        30,
        f"{indexes.stop} observations stored",
    )


def decided_by(api: Api, user: str, version: int, first_index: int) -> dict[str, Any]:
    """The first new decision made by `version` (the decision service hears of a control
    change through Kafka, so a decision or two may come before it)."""
    made: list[dict[str, Any]] = []

    def decide() -> dict[str, Any]:
        made.append(act_and_upload(api, user, first_index + len(made), clicks=1.0))
        return made[-1]

    return wait_for(
        decide, lambda d: d["policy_version"] == version, 30, f"a decision by v{version}"
    )


def versions(stack: Stack) -> list[int]:
    query = "SELECT version FROM policy_versions WHERE study_id = 'bandit' ORDER BY version"
    return [r.version for r in rows(stack, query)]


def test_freeze_holds_learning_and_a_pin_serves_an_earlier_version_until_unpinned(
    api: Api, stack: Stack
) -> None:
    user = register(api)
    learned_from(api, stack, user, range(3))
    assert update(api)["policy_version"] == 2

    frozen = control(api, "freeze")
    assert (frozen["frozen"], frozen["served_version"]) == (True, 2)
    learned_from(api, stack, user, range(3, 6))
    held = update(api)
    assert (held["status"], held["policy_version"], held["reason"]) == ("succeeded", 2, "frozen")
    assert versions(stack) == [1, 2]

    assert control(api, "unfreeze")["frozen"] is False
    assert update(api)["policy_version"] == 3
    fit_on = rows(stack, "SELECT fit_on FROM policy_versions WHERE version = 3")[0].fit_on
    assert fit_on["observations"] == 3, "what came in while frozen is learned now"

    pinned = control(api, "pin", version=1)
    assert (pinned["pinned_version"], pinned["served_version"], pinned["newest_version"]) == (
        1,
        1,
        3,
    )
    decided_by(api, user, 1, first_index=100)
    assert control(api, "unpin")["served_version"] == 3
    decided_by(api, user, 3, first_index=200)

    assert api.get(f"{BANDIT}/controls").json() | {"changed_at": None} == {
        "study_id": "bandit",
        "frozen": False,
        "pinned_version": None,
        "served_version": 3,
        "newest_version": 3,
        "reason": "e2e: unpin",
        "changed_by": api.username,
        "changed_at": None,
    }
    audit = api.get(f"{BANDIT}/audit?limit=100").json()["entries"]
    changes = [(e["action"], e["target"]) for e in audit if e["action"].startswith("policy_")]
    assert changes == [  # newest first
        ("policy_unpinned", None),
        ("policy_pinned", "1"),
        ("policy_unfrozen", None),
        ("policy_frozen", None),
    ]
    timeline = api.get(f"{BANDIT}/participants/{user}/timeline").json()["events"]
    shown = [e["change"] for e in timeline if e["kind"] == "policy_control"]
    assert shown == ["freeze", "unfreeze", "pin", "unpin"]
    stored = rows(stack, "SELECT change, frozen, pinned_version FROM policy_controls ORDER BY id")
    assert [tuple(r) for r in stored] == [
        ("freeze", True, None),
        ("unfreeze", False, None),
        ("pin", False, 1),
        ("unpin", False, None),
    ]


def test_an_exclusion_leaves_a_participants_data_out_of_the_updates_after_it(
    api: Api, stack: Stack
) -> None:
    kept, left_out = register(api), register(api)
    for index in range(3):
        act_and_upload(api, kept, index, clicks=5.0)
        act_and_upload(api, left_out, index, clicks=0.0)
    wait_for(
        lambda: rows(stack, "SELECT count(*) AS n FROM observations")[0].n,
        lambda n: n == 6,
        30,
        "6 observations stored",
    )
    made = api.post(f"{BANDIT}/exclusions", {"participant_id": left_out, "reason": "withdrew"})
    assert made.status_code == 201, made.text
    assert update(api)["policy_version"] == 2
    fit_on = rows(stack, "SELECT fit_on FROM policy_versions WHERE version = 2")[0].fit_on
    assert (fit_on["observations"], fit_on["exclusions_upto"]) == (3, made.json()["id"])
    engine = make_engine(stack.settings())
    with make_sessionmaker(engine)() as session:  # as replay reads what version 2 was fit on
        upto = fit_on["to_observation_id"]
        refit = observations_between(session, "bandit", 0, upto, fit_on["exclusions_upto"])
    engine.dispose()
    assert len(refit) == 3
    listed = api.get(f"{BANDIT}/exclusions").json()["exclusions"]
    assert listed == [made.json()]
    audit = api.get(f"{BANDIT}/audit?limit=100").json()["entries"]
    assert [(e["action"], e["target"]) for e in audit if e["action"] == "data_excluded"] == [
        ("data_excluded", left_out)
    ]


def test_a_distribution_gives_the_probability_the_version_decides_with(
    api: Api, stack: Stack
) -> None:
    user = register(api)
    learned_from(api, stack, user, range(4))
    assert update(api)["policy_version"] == 2
    decision = decided_by(api, user, 2, first_index=10)  # temperature 20, as act_and_upload's

    decisions = rows(stack, "SELECT count(*) AS n FROM decisions")[0].n
    asked = urlencode({"context": json.dumps({"temperature": 20}), "participant_id": user})
    found = api.get(f"{BANDIT}/policies/2/distribution?{asked}")
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["policy_version"], body["state"]) == (2, [1.0, 20.0])
    assert body["probabilities"][1] == {"action": 1, "probability": decision["probability"]}

    state = urlencode({"state": "[1, 20]"})
    by_state = api.get(f"{BANDIT}/policies/1/distribution?{state}")
    assert by_state.status_code == 200, by_state.text
    assert by_state.json()["probabilities"][1]["probability"] != decision["probability"]
    unknown = api.get(f"{BANDIT}/policies/9/distribution?{state}")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "policy_not_found")
    after = rows(stack, "SELECT count(*) AS n FROM decisions")[0].n
    assert after == decisions, "reading a distribution decides nothing"


def test_the_mirror_keeps_the_later_choice_whatever_order_the_writes_arrive_in(
    stack: Stack,
) -> None:
    """The trainer and the gateway write the served version after reading PostgreSQL at
    different moments: a write chosen before a pin must not replace the pinned version."""

    def served(version: int, control_id: int) -> Served:
        row = PolicyVersion(study_id="s", version=version, algorithm="flat", params=b"{}")
        return Served(row, control_id)

    async def writes() -> list[int | None]:
        redis = make_redis(stack.settings())
        mirror = PolicyMirror(redis, stack.namespace)
        seen = []
        for write in (served(3, 5), served(8, 4), served(9, 6), served(7, 6), served(10, 6)):
            await mirror.put(write)
            seen.append(await mirror.version("s"))
        await redis.aclose()
        return seen

    assert asyncio.run(writes()) == [3, 3, 9, 9, 10]
