"""The trainer against the real stack: new immutable versions, used without a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
import standardwebhooks
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.support.api import Api, new_id
from tests.support.callbacks import CallbackServer
from tests.support.stack import Stack
from tests.support.studies import write_studies

pytestmark = pytest.mark.e2e


def start_learning_stack(
    stack: Stack, tmp_path: Path, every_n: int | None = None, posterior: str = "never"
) -> Api:
    stack.extra_env["STUDIES_DIR"] = str(
        write_studies(tmp_path / "studies", "http://127.0.0.1:9", every_n, posterior)
    )
    for service in ("gateway", "decision", "ingest", "trainer"):
        stack.start(service)
    stack.wait_until(lambda r: r.get("status") == "ok", 60, "the whole stack ok")
    return Api(stack)


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    client = start_learning_stack(stack, tmp_path)
    yield client
    client.http.close()


def act_and_upload(
    api: Api, user: str, index: int, clicks: float, temperature: float = 20
) -> dict[str, Any]:
    decision = api.post(
        "/v1/studies/bandit/actions",
        {
            "participant_id": user,
            "context": {"temperature": temperature},
            "decision_index": index,
        },
    ).json()
    uploaded = api.post(
        f"/v1/studies/bandit/participants/{user}/decisions/{index}/data",
        {
            "context": {"temperature": temperature},
            "action": decision["action"],
            "action_prob": decision["probability"],
            "outcome": {"clicks": clicks},
        },
    )
    assert uploaded.status_code == 202, uploaded.text
    return dict(decision)


def sql(stack: Stack, query: str, **params: Any) -> list[Any]:
    engine = create_engine(stack.database_url)
    with engine.begin() as conn:
        result = conn.execute(text(query), params)
        rows = list(result) if result.returns_rows else []
    engine.dispose()
    return rows


def wait_for(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} not seen within {timeout}s"
        time.sleep(0.2)


def finished(api: Api, update_id: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        body: dict[str, Any] = api.get(f"/v1/updates/{update_id}").json()
        return body if body["status"] != "processing" else None

    return dict(wait_for(done, 30, f"update {update_id} finished"))


def register(api: Api) -> str:
    user = new_id()
    assert api.post("/v1/studies/bandit/participants", {"participant_id": user}).status_code == 201
    return user


def test_an_update_writes_a_version_that_decisions_use_without_a_restart(
    api: Api, stack: Stack
) -> None:
    users = [register(api) for _ in range(3)]
    before = [act_and_upload(api, u, i, clicks=5.0) for u in users for i in range(4)]
    assert {d["policy_version"] for d in before} == {1}
    wait_for(
        lambda: sql(stack, "SELECT count(*) AS n FROM observations")[0].n == 12,
        30,
        "12 observations stored",
    )
    with CallbackServer(fail_first=0).serve() as url:
        update = api.post("/v1/studies/bandit/updates", {"callback_url": url}).json()
        result = finished(api, update["update_id"])
    assert result["status"] == "succeeded" and result["policy_version"] == 2
    version = sql(
        stack,
        "SELECT parent_version, fit_on, algorithm FROM policy_versions "
        "WHERE study_id = 'bandit' AND version = 2",
    )[0]
    assert version.parent_version == 1 and version.algorithm == "blr_ts"
    assert version.fit_on["observations"] == 12

    def decided_by_version_2() -> dict[str, Any] | None:
        decision = act_and_upload(api, users[0], 10 + len(seen), 5.0)
        seen.append(decision)
        return decision if decision["policy_version"] == 2 else None

    seen: list[dict[str, Any]] = []
    after = wait_for(decided_by_version_2, 30, "a decision by version 2")
    assert after["probability"] != before[0]["probability"]  # the posterior moved


def test_a_failing_callback_is_retried_and_never_undoes_the_update(api: Api) -> None:
    user = register(api)
    act_and_upload(api, user, 0, clicks=1.0)
    server = CallbackServer(fail_first=2)
    with server.serve() as url:
        update = api.post("/v1/studies/bandit/updates", {"callback_url": url}).json()
        result = finished(api, update["update_id"])
        wait_for(
            lambda: api.get(f"/v1/updates/{update['update_id']}").json()["callback_status"],
            30,
            "the callback settled",
        )
    assert result["status"] == "succeeded"
    assert [call.code for call in server.calls] == [500, 500, 200]
    assert server.calls[-1].body["update_id"] == update["update_id"]
    assert server.calls[-1].body["status"] == "completed"  # the JustIn template's word
    assert api.get(f"/v1/updates/{update['update_id']}").json()["callback_status"] == "delivered"


def test_a_delivered_callback_is_signed_for_the_standard_webhooks_library(
    api: Api, stack: Stack
) -> None:
    server = CallbackServer(fail_first=1)
    with server.serve() as url:
        update = api.post("/v1/studies/bandit/updates", {"callback_url": url}).json()
        wait_for(
            lambda: api.get(f"/v1/updates/{update['update_id']}").json()["callback_status"],
            30,
            "the callback settled",
        )
    receiver = standardwebhooks.Webhook(stack.settings().callback_signing_secret.get_secret_value())
    for call in server.calls:  # the retry is signed anew, under the same webhook-id
        assert receiver.verify(call.raw, call.headers)["update_id"] == update["update_id"]
    assert {call.headers["webhook-id"] for call in server.calls} == {update["update_id"]}
    assert len(server.calls) == 2


def test_callbacks_to_hosts_off_the_study_list_or_to_private_addresses_are_refused(
    stack: Stack, tmp_path: Path
) -> None:
    # As in production: the bandit study lists 127.0.0.1, but loopback is private.
    stack.extra_env["CALLBACK_ALLOW_PRIVATE_NETWORKS"] = "false"
    api = start_learning_stack(stack, tmp_path)
    refusals = {
        "http://receiver.example.org/done": "callback_host_not_allowed",
        "http://127.0.0.1:9/done": "callback_address_not_allowed",
        "http://[::1]:9/done": "callback_host_not_allowed",
    }
    for url, code in refusals.items():
        refused = api.post("/v1/studies/bandit/updates", {"callback_url": url})
        assert refused.status_code == 422, refused.text
        assert refused.json() == {"status": "failure", "code": code, "message": ANY}
    # The JustIn route checks its study (justin lists 127.0.0.1 too) the same way.
    refused = api.post("/api/v1/update", {"callback_url": "http://127.0.0.1:9/done"})
    assert (refused.status_code, refused.json()["code"]) == (422, "callback_address_not_allowed")
    assert sql(stack, "SELECT count(*) AS n FROM update_requests")[0].n == 0
    api.http.close()


def test_every_n_new_observations_trigger_an_update(stack: Stack, tmp_path: Path) -> None:
    api = start_learning_stack(stack, tmp_path, every_n=5)
    user = register(api)
    for i in range(5):
        act_and_upload(api, user, i, clicks=2.0)
    rows = wait_for(
        lambda: sql(
            stack,
            "SELECT version, fit_on FROM policy_versions WHERE study_id = 'bandit' AND version = 2",
        ),
        30,
        "version 2",
    )
    assert rows[0].fit_on["trigger"] == "every_n"


def test_a_failed_update_keeps_the_previous_policy_and_says_why(api: Api, stack: Stack) -> None:
    user = register(api)
    act_and_upload(api, user, 0, clicks=1.0)
    # Both rows the update will fit on: the decision (tampered next) and its outcome.
    wait_for(
        lambda: sql(
            stack,
            "SELECT 1 FROM decisions d JOIN observations o USING (participant_id, decision_index)"
            " WHERE d.participant_id = :p",
            p=user,
        ),
        30,
        "the decision and its outcome stored",
    )
    # A decision whose state has the wrong length cannot be fit on: the update must fail.
    sql(
        stack,
        "UPDATE decisions SET state = CAST('[1, 2, 3, 4]' AS json) WHERE participant_id = :p",
        p=user,
    )
    update = api.post("/v1/studies/bandit/updates", {}).json()
    result = finished(api, update["update_id"])
    assert result["status"] == "failed" and result["reason"]
    versions = sql(stack, "SELECT max(version) AS v FROM policy_versions WHERE study_id='bandit'")
    assert versions[0].v == 1


def test_a_policy_version_cannot_be_changed_once_written(api: Api, stack: Stack) -> None:
    decided = api.post(
        "/v1/studies/bandit/actions",
        {"participant_id": register(api), "context": {"temperature": 1}, "decision_index": 0},
    )
    assert decided.status_code == 200  # so the version it was decided by is written
    with pytest.raises(DBAPIError, match="immutable"):
        sql(stack, "UPDATE policy_versions SET algorithm = 'flat' WHERE study_id = 'bandit'")
    with pytest.raises(DBAPIError, match="immutable"):
        sql(stack, "DELETE FROM policy_versions WHERE study_id = 'bandit'")


def test_the_trainer_updates_on_the_study_schedule_by_the_service_clock(
    stack: Stack, tmp_path: Path
) -> None:
    # A virtual day every 20 real seconds; the trainer looks at its schedule twice a second.
    stack.extra_env.update(
        {
            "CLOCK_VIRTUAL_ANCHOR": str(time.time()),
            "CLOCK_REAL_ANCHOR": str(time.time()),
            "CLOCK_SPEED": "4320",
            "TRAINER_SCHEDULE_CHECK_SECONDS": "0.5",
        }
    )
    api = start_learning_stack(stack, tmp_path, posterior="daily")
    user = register(api)
    for i in range(3):
        act_and_upload(api, user, i, clicks=3.0)

    def scheduled() -> list[Any]:
        rows = sql(
            stack, "SELECT fit_on FROM policy_versions WHERE study_id = 'bandit' AND version > 1"
        )
        return rows if sum(r.fit_on["observations"] for r in rows) == 3 else []

    # A day boundary may fall between two uploads: then two versions share the three.
    rows = wait_for(scheduled, 45, "scheduled versions fit on all three observations")
    assert {r.fit_on["trigger"] for r in rows} == {"schedule"}
