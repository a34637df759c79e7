"""No participant's answer in any log line: not in the services' logs, not in PostgreSQL's, on
the error paths neither. Answers no log could hold by chance go in (a baseline, JustIn contexts
and uploaded data, EMA records served by the mock backend), then the paths that used to print
them run: a unique-key violation, poison messages, an upload that answers no decision, a failed
window. Each is awaited until handled, then every log of the stack is read: the markers are in
none, while the ids and the errors prove those were the right logs, read after the fact."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy.engine import make_url

from rldomain.schedule import window_bounds
from rldomain.study import load_studies
from rlkernel.events import ActionRequested
from rlkernel.settings import PROJECT_ROOT
from rlkernel.topics import Topics
from tests.support.api import Api, new_id
from tests.support.infra import Infra, postgres_privacy
from tests.support.records import rows
from tests.support.stack import Stack, free_port
from tests.support.studies import write_studies
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SERVICES = ("gateway", "decision", "ingest", "trainer")
TIMEOUT = 60.0
BEYOND_INT32 = 2**31  # fits the event, not the decisions table's integer column

# The answers, each unlike anything else a log holds (ids, times, offsets, ports, pids).
MORNINGS = [517, 613, 719, 821, 923, 1027, 1129]  # a MiWaves baseline, Monday first
EVENINGS = [2000] * 7
TEMPERATURE = 31.4159265358  # a JustIn context
CLICKS = 7182818284  # a JustIn outcome
CANNABIS_USE = [8675309421, 5551234987]  # EMA answers
TEXT = "zebra-quartz-answer"  # free text, in an EMA record and where a field wants a number
MARKERS = {
    "baseline": re.compile(r"517\D{1,4}613\D{1,4}719\D{1,4}821"),
    "context": re.compile("4159265358"),
    "outcome": re.compile("7182818284"),
    "EMA answers": re.compile("8675309421|5551234987"),
    "free text": re.compile(TEXT),
}


class PostgresLog:
    """What PostgreSQL logged since this was made: the local stack's file, or the container's
    output (deploy/infra.sh and tests/support/infra.py). With RLS_TEST_STACK=env the server's
    log is out of reach: only its privacy settings (checked by SHOW) and the services' logs are
    checked then."""

    def __init__(self, infra: Infra) -> None:
        self.infra, self.file = infra, PROJECT_ROOT / ".rlservice" / "logs" / "postgres.log"
        self.reachable = infra.kind != "env"
        self.start = len(self._all())

    def _all(self) -> bytes:
        if not self.reachable:
            return b""
        if self.infra.kind == "containers":
            return b"".join(self.infra.containers["postgres"].get_logs())
        return self.file.read_bytes()

    def new(self) -> str:
        return self._all()[self.start :].decode(errors="replace")


def service_logs(stack: Stack) -> dict[str, str]:
    """Each process of the stack by its label, with what it logged (rlservice.deployment)."""
    folder = PROJECT_ROOT / ".rlservice" / "logs" / stack.log_dir
    prefix = f"{stack.namespace}-"
    return {
        p.stem.removeprefix(prefix): p.read_text(errors="replace")
        for p in folder.glob(f"{prefix}*.log")
    }


def leaks(name: str, text: str) -> list[str]:
    return [
        f"{name}:{number}: {marker}"
        for number, line in enumerate(text.splitlines(), 1)
        for marker, pattern in MARKERS.items()
        if pattern.search(line)
    ]


@pytest.fixture
def world(stack: Stack, tmp_path: Path) -> Iterator[tuple[Api, httpx.Client]]:
    """The four services (two gateway workers), and the mock backend as the MiWaves study's EMA
    endpoint."""
    token, port = uuid.uuid4().hex, free_port()
    stack.start("mockbackend", MOCK_BACKEND_TOKEN=token, MOCK_BACKEND_PORT=str(port))
    studies = write_studies(tmp_path / "studies", f"http://127.0.0.1:{port}/ema_study")
    stack.extra_env.update({"STUDIES_DIR": str(studies), "MIWAVES_BACKEND_TOKEN": token})
    stack.start("gateway", GATEWAY_WORKERS="2")  # workers are processes of their own
    for service in SERVICES[1:]:
        stack.start(service)
    stack.wait_until(
        lambda r: (
            r.get("dependencies", {}).get("kafka", {}).get("status") == "ok"
            and all(r["services"][s]["status"] == "ok" for s in SERVICES[1:])
        ),
        TIMEOUT,
        "every service",
    )
    backend = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}
    )
    api = Api(stack)
    yield api, backend
    api.http.close()
    backend.close()


def baseline(user: str, start: date) -> dict[str, Any]:
    return {
        "user_id": user,
        "morning_notification_time_start": MORNINGS,
        "evening_notification_time_start": EVENINGS,
        "consent_start_date": start.isoformat(),
        "consent_end_date": (start + timedelta(days=29)).isoformat(),
        "rl_start_date": start.isoformat(),
        "rl_end_date": (start + timedelta(days=29)).isoformat(),
    }


async def publish(stack: Stack, key: str, value: bytes) -> None:
    """Straight onto the decision service's topic, as a gateway that let it through would."""
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka)
    await producer.start()
    try:
        topic = Topics(stack.namespace).actions_requested
        await producer.send_and_wait(topic, value, key=key.encode())
    finally:
        await producer.stop()


def poison(stack: Stack, user: str) -> str:
    """Two poison messages: one PostgreSQL refuses (with the context in its statement), one
    that is no event (a value where a number should be). Returns the second one's key."""
    request = ActionRequested(
        request_id=uuid.uuid4(),
        reply_to=Topics(stack.namespace).replies("log-privacy"),
        study_id="justin",
        participant_id=user,
        decision_index=BEYOND_INT32,
        context={"temperature": TEMPERATURE},
        requested_at=datetime.now(UTC),
    )
    asyncio.run(publish(stack, user, request.model_dump_json().encode()))
    unparsable, key = json.loads(request.model_dump_json()), new_id("poison")
    unparsable.update(participant_id=key, decision_index=TEXT)
    asyncio.run(publish(stack, key, json.dumps(unparsable).encode()))
    return key


def miwaves_zone(stack: Stack) -> ZoneInfo:
    return ZoneInfo(load_studies(stack.settings().studies_dir)["miwaves"].timezone)


def fail_a_window(api: Api, backend: httpx.Client, user: str, start: date) -> None:
    """The backend answers window 0 with records our checks refuse, full of answers."""
    times = tuple(zip(MORNINGS, EVENINGS, strict=True))
    first = window_bounds(start, 0, times, miwaves_zone(api.stack))
    record = {
        "user_id": user,
        "cannabis_use": CANNABIS_USE,
        "mood_note": TEXT,
        "window_time": (first.start + (first.end - first.start) / 2).isoformat(),
    }  # no finished_ema: refused by field name
    added = backend.post(
        "/control/records", json={"user_id": user, "records": [record], "raw": True}
    )
    assert added.status_code == 200, added.text
    closed = api.post(
        f"/v1/studies/miwaves/participants/{user}/windows/close", {"decision_index": 0}
    )
    assert closed.status_code == 202, closed.text


def dead_letter(stack: Stack, key: str, reason: str) -> Any:
    return wait_for(
        lambda: rows(
            stack,
            "SELECT service, reason FROM dead_letters WHERE key = :k AND reason LIKE :r",
            k=key,
            r=f"%{reason}%",
        ),
        bool,
        TIMEOUT,
        f"the dead letter of {key} ({reason})",
    )[0]


def test_no_answer_reaches_any_log_on_any_error_path(
    world: tuple[Api, httpx.Client], stack: Stack, infra: Infra
) -> None:
    api, backend = world
    shown = {name: rows(stack, f"SHOW {name}")[0][0] for name in postgres_privacy()}
    assert shown == postgres_privacy(), (
        "PostgreSQL would log failing statements' values: deploy/infra.sh start postgres "
        "applies deploy/postgres/privacy.conf (no restart needed)"
    )
    pg_log = PostgresLog(infra)
    database = make_url(stack.database_url).database

    # A unique key violated: the same participant registered twice, with their baseline.
    miwaves = new_id("m")  # their window 0, yesterday's morning in the study's zone, has closed
    yesterday = datetime.now(miwaves_zone(stack)).date() - timedelta(days=1)
    assert api.post("/register", baseline(miwaves, yesterday)).status_code == 200
    again = api.post("/register", baseline(miwaves, yesterday))
    assert again.status_code == 409 and again.json()["code"] == "participant_exists"
    refused = api.post("/register", baseline(new_id("m"), yesterday) | {"rl_start_date": TEXT})
    assert refused.status_code == 422 and TEXT not in refused.text

    # Poison messages, and an upload that answers no decision of ours.
    justin = api.add_justin_user()
    assert api.justin_action(justin, 0, TEMPERATURE).status_code == 201
    unparsable = poison(stack, justin)
    uploaded = api.post(
        "/api/v1/upload_data",
        {
            "user_id": justin,
            "timestamp": "2025-01-01T12:00:00Z",
            "decision_idx": 7,
            "data": {
                "context": {"temperature": TEMPERATURE},
                "action": 1,
                "action_prob": 0.5,
                "outcome": {"clicks": CLICKS},
            },
        },
    )
    assert uploaded.status_code == 201, uploaded.text

    fail_a_window(api, backend, miwaves, yesterday)

    # Each path handled: its dead letter written, the window marked failed.
    assert dead_letter(stack, justin, "integer out of range").service == "decision"
    assert dead_letter(stack, unparsable, "decision_index").service == "decision"
    assert dead_letter(stack, justin, "answers no decision").service == "ingest"
    assert dead_letter(stack, miwaves, "finished_ema").service == "ingest"
    [failed] = rows(stack, "SELECT status FROM windows WHERE participant_id = :p", p=miwaves)
    assert failed.status == "failed"

    # These are the stack's logs, written after all that: its errors and ids are in them.
    def evidence() -> dict[str, bool]:
        logs = service_logs(stack)
        ours = " ".join(line for line in pg_log.new().splitlines() if f"@{database} " in line)
        return {
            "a log of each process": set(logs) == {*SERVICES, "mockbackend"},
            "each service's instance": all(f"{stack.namespace}-{s}" in logs[s] for s in SERVICES),
            "both workers' own logging": logs["gateway"].count('"event": "kafka_connected"') == 2,
            "decision's dead letters": logs["decision"].count('"dead_lettered"') >= 2,
            "ingest's dead letters": logs["ingest"].count('"dead_lettered"') >= 2,
            "the ids": justin in logs["decision"] and miwaves in logs["ingest"],
            "the backend's call": miwaves in logs["mockbackend"],
            "postgres' unique violation": "duplicate key value violates unique" in ours
            or not pg_log.reachable,
            "postgres' refused poison": "integer out of range" in ours or not pg_log.reachable,
        }

    wait_for(evidence, lambda seen: all(seen.values()), TIMEOUT, "the errors in the logs")
    found = [leak for name, text in service_logs(stack).items() for leak in leaks(name, text)]
    found += leaks("postgres.log", pg_log.new())
    assert found == [], f"answers in the logs: {found}"
