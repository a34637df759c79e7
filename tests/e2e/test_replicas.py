"""Two replicas of every service on one record and one log: two gateways (requests alternate
between them, as a load balancer would send them), two decision, two ingest and two trainer
replicas. Across them: one decision per slot, each window ingested once, one trainer update
per trigger, and a new policy served by every decision replica; then Debian's HAProxy in front
of the two gateways, as a deployment would put it: it forwards each client's address, which
the gateways trust from it alone (TRUSTED_PROXIES).

One stack for the module. The services run on an accelerated clock (300x) from 11:00 in
Detroit, as in test_ingest. The bandit study updates after every EVERY_N observations and
weekly, its weeks in Detroit too, so no new week starts while the module runs (13 virtual
hours, 156 s, to midnight even on a Sunday)."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from tests.e2e.test_ingest import Backend, decide, ema_record
from tests.support.api import MIWAVES_TZ, Api, new_id
from tests.support.infra import Infra
from tests.support.progress import wait_consumed
from tests.support.records import rows
from tests.support.stack import Stack, deployment, free_port
from tests.support.studies import write_studies
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SPEED = 300.0
EVERY_N = 4
SAME = ("rid", "seed", "action", "action_prob", "policy_id")
# HAProxy connects to the gateways from PROXY, and test clients connect to it from their own
# loopback addresses (all of 127/8 is this host's), so each is a client of its own.
PROXY, LOGIN_LIMIT = "127.0.0.10", 3


@dataclass
class Replicas:
    stack: Stack
    api: Api  # logged in through gateway a
    gateways: tuple[str, str]
    backend: Backend
    started: datetime  # the virtual clock's reading at `anchor`
    anchor: float

    def now(self) -> datetime:
        """The services' clock."""
        return self.started + timedelta(seconds=(time.time() - self.anchor) * SPEED)

    def post(self, n: int, path: str, body: Any) -> httpx.Response:
        """Through gateway n % 2, on a connection of its own."""
        return httpx.post(
            self.gateways[n % 2] + path,
            json=body,
            headers={"Authorization": f"Bearer {self.api.token}"},
            timeout=30,
        )


def in_detroit(studies: Path) -> Path:
    bandit = yaml.safe_load((studies / "bandit.yaml").read_text())
    (studies / "bandit.yaml").write_text(yaml.safe_dump({**bandit, "timezone": MIWAVES_TZ}))
    return studies


def doubled(report: dict[str, Any], services: tuple[str, ...]) -> bool:
    found = report.get("services", {})
    return all(
        found.get(s, {}).get("instances") == 2 and found[s].get("status") == "ok" for s in services
    )


def health(gateway: str) -> dict[str, Any]:
    try:
        return dict(httpx.get(f"{gateway}/healthz", timeout=5).json())
    except httpx.HTTPError:
        return {}


@pytest.fixture(scope="module")
def replicas(
    infra: Infra, template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replicas]:
    with deployment(infra, template_database) as stack:
        token, port, second = uuid.uuid4().hex, free_port(), free_port()
        stack.start("mockbackend", MOCK_BACKEND_TOKEN=token, MOCK_BACKEND_PORT=str(port))
        eleven = datetime.now(ZoneInfo(MIWAVES_TZ)).replace(hour=11, minute=0, second=0)
        studies = write_studies(
            tmp_path_factory.mktemp("studies"),
            f"http://127.0.0.1:{port}/ema_study",
            every_n=EVERY_N,
            posterior="weekly",
        )
        anchor = time.time()
        stack.extra_env.update(
            {
                "STUDIES_DIR": str(in_detroit(studies)),
                "MIWAVES_BACKEND_TOKEN": token,
                "CLOCK_VIRTUAL_ANCHOR": str(eleven.timestamp()),
                "CLOCK_REAL_ANCHOR": str(anchor),
                "CLOCK_SPEED": str(SPEED),
                "TRAINER_SCHEDULE_CHECK_SECONDS": "0.5",
                "TRUSTED_PROXIES": PROXY,
                "LOGIN_FAILURES_PER_ADDRESS": str(LOGIN_LIMIT),
            }
        )
        stack.start("gateway", "a")
        stack.start("gateway", "b", GATEWAY_PORT=str(second))
        for service in ("decision", "ingest"):  # the trainers start in the training test
            for name in ("a", "b"):
                stack.start(service, name)
        stack.wait_until(lambda r: doubled(r, ("decision", "ingest")), 90, "two of each")
        gateways = (stack.url, f"http://127.0.0.1:{second}")
        wait_for(
            lambda: health(gateways[1]),
            lambda r: r.get("dependencies", {}).get("kafka", {}).get("status") == "ok",
            60,
            "gateway b ready",
        )
        api = Api(stack)
        backend = Backend(f"http://127.0.0.1:{port}", token)
        yield Replicas(stack, api, gateways, backend, eleven, anchor)
        api.http.close()


def test_concurrent_requests_for_one_slot_through_both_gateways_get_one_decision(
    replicas: Replicas,
) -> None:
    users = [replicas.api.add_justin_user() for _ in range(4)]

    def ask(n: int) -> dict[str, Any]:
        body = {
            "user_id": users[n % 4],
            "timestamp": "2025-01-01T12:00:00Z",
            "decision_idx": 0,
            "context": {"temperature": n},  # a second randomization would see another state
        }
        response = replicas.post(n // 4, "/api/v1/action", body)  # each user through both
        assert response.status_code == 201, response.text
        return dict(response.json())

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, range(32)))
    for user in range(4):
        assert len({tuple(a[k] for k in SAME) for a in answers[user::4]}) == 1
    wait_consumed(replicas.stack, "actions_requested", "decision")
    stored = rows(
        replicas.stack,
        "SELECT participant_id, rid FROM decisions WHERE participant_id = ANY(:u)",
        u=users,
    )
    assert sorted(tuple(r) for r in stored) == sorted(
        (u, answers[i]["rid"]) for i, u in enumerate(users)
    )


def close(replicas: Replicas, n: int, user: str) -> httpx.Response:
    """Closes the user's window 0 through gateway n once it has ended (asked again while the
    gateway says it has not, which stores nothing)."""
    return wait_for(
        lambda: replicas.post(n, "/end_decision_window", {"user_id": user}),
        lambda r: not (r.status_code == 409 and r.json().get("code") == "window_not_closed"),
        60,
        "window 0 closed",
    )


def test_each_window_closed_through_both_gateways_is_ingested_once(replicas: Replicas) -> None:
    # Window 0 runs from midnight to the evening time: an hour of the services' clock (12 s)
    # from now, time enough to register and decide through the proxy on a loaded machine.
    end = replicas.now() + timedelta(hours=1)
    evening = end.hour * 100 + end.minute
    users = [replicas.api.register_miwaves(evening_from=evening) for _ in range(4)]
    for user in users:
        record = ema_record(user, decide(replicas.api, user), evening)
        replicas.backend.add(user, [record])
    with ThreadPoolExecutor(8) as pool:  # every window closed twice at once, once per gateway
        closed = list(pool.map(lambda i: close(replicas, i, users[i // 2]), range(8)))
    assert [r.status_code for r in closed] == [200] * 8, [r.text for r in closed]
    wait_consumed(replicas.stack, "windows_closed", "ingest")
    windows = wait_for(
        lambda: rows(
            replicas.stack,
            "SELECT participant_id, status FROM windows WHERE participant_id = ANY(:u)",
            u=users,
        ),
        lambda found: len(found) == 4 and all(w.status != "pending" for w in found),
        30,
        "the four windows pulled",
    )
    assert sorted(tuple(w) for w in windows) == sorted((u, "pulled") for u in users)
    observed = rows(
        replicas.stack,
        "SELECT participant_id FROM observations WHERE participant_id = ANY(:u)",
        u=users,
    )
    assert sorted(o.participant_id for o in observed) == sorted(users)
    assert [len(replicas.backend.calls(u)) for u in users] == [1] * 4, "each pulled once"


CONTEXT = {"temperature": 20}


def act(replicas: Replicas, n: int, user: str) -> dict[str, Any]:
    """A bandit decision through gateway n % 2."""
    decided = replicas.post(
        n,
        "/v1/studies/bandit/actions",
        {"participant_id": user, "context": CONTEXT, "decision_index": 0},
    )
    assert decided.status_code == 200, decided.text
    return dict(decided.json())


def act_and_upload(replicas: Replicas, n: int, user: str) -> None:
    """A bandit decision and its outcome, through gateway n % 2 and the other one."""
    decision = act(replicas, n, user)
    uploaded = replicas.post(
        n + 1,
        f"/v1/studies/bandit/participants/{user}/decisions/0/data",
        {
            "context": CONTEXT,
            "action": decision["action"],
            "action_prob": decision["probability"],
            "outcome": {"clicks": 3.0},
        },
    )
    assert uploaded.status_code == 202, uploaded.text


def bandit_user(replicas: Replicas, n: int) -> str:
    user = new_id()
    registered = replicas.post(n, "/v1/studies/bandit/participants", {"participant_id": user})
    assert registered.status_code == 201, registered.text
    return user


def versions(stack: Stack) -> list[Any]:
    return rows(
        stack,
        "SELECT version, fit_on FROM policy_versions WHERE study_id = 'bandit' ORDER BY version",
    )


def settled(stack: Stack, newest: int) -> list[Any]:
    """The bandit's versions once `newest` is written and the trainers have handled every
    observation announced: any second update of a trigger would be written by then."""
    wait_for(lambda: versions(stack), lambda v: v[-1].version >= newest, 60, f"version {newest}")
    wait_consumed(stack, "observations_ingested", "trainer")
    return versions(stack)


def test_one_update_per_trigger_and_every_decision_replica_serves_it(replicas: Replicas) -> None:
    stack = replicas.stack
    # Observations stored before any trainer runs: both trainers start on them at once, each
    # with the schedule's first period due and EVERY_N observations or more to fit.
    for n in range(EVERY_N + 2):
        act_and_upload(replicas, n, bandit_user(replicas, n))
    wait_for(
        lambda: rows(stack, "SELECT id FROM observations WHERE study_id = 'bandit'"),
        lambda found: len(found) == EVERY_N + 2,
        30,
        "the observations stored",
    )
    for name in ("a", "b"):
        stack.start("trainer", name)
    stack.wait_until(lambda r: doubled(r, ("trainer",)), 90, "two trainers")
    wait_for(
        lambda: rows(stack, "SELECT key FROM update_triggers WHERE study_id = 'bandit'"),
        lambda found: len(found) == 1,
        60,
        "the week claimed",
    )
    first = settled(stack, 2)
    assert [v.version for v in first] == [1, 2], "one update for the week and the backlog"
    assert first[1].fit_on["observations"] == EVERY_N + 2

    for n in range(EVERY_N):  # through both gateways, to both ingest replicas
        act_and_upload(replicas, n, bandit_user(replicas, n))
    second = settled(stack, 3)
    assert [v.version for v in second] == [1, 2, 3], "one update for the next N"
    assert second[2].fit_on["trigger"] == "every_n"
    assert second[2].fit_on["observations"] == EVERY_N
    assert second[2].fit_on["from_observation_id"] == first[1].fit_on["to_observation_id"] + 1

    # Both decision replicas switch to version 3 (each hears policies.updated): new
    # participants, spread over the partitions, until each replica has answered with it.
    def deciders() -> set[str]:
        for n in range(8):
            act(replicas, n, bandit_user(replicas, n))
        return {
            r.decided_by
            for r in rows(
                stack,
                "SELECT decided_by FROM decisions WHERE study_id = 'bandit'"
                " AND policy_version = 3 AND NOT fallback",
            )
        }

    assert len(wait_for(deciders, lambda found: len(found) == 2, 60, "both on version 3")) == 2


HAPROXY = """
defaults
  mode http
  option forwardfor
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend api
  bind 127.0.0.1:{port}
  default_backend gateways
backend gateways
  balance roundrobin
  option httpchk GET /healthz
  http-response set-header X-Gateway %s
  source {proxy}
  server a {a} check inter 1s
  server b {b} check inter 1s
"""


@contextmanager
def haproxy(gateways: tuple[str, str], folder: Path) -> Iterator[str]:
    """Debian's HAProxy in front of both gateways (round robin); yields its URL."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        # Fails, never skips: a skipped test would let make test pass without the proxy.
        pytest.fail("no haproxy: run deploy/bootstrap.sh (make install), which installs Debian's")
    port = free_port()
    servers = [g.removeprefix("http://") for g in gateways]
    config = folder / "haproxy.cfg"
    config.write_text(HAPROXY.format(port=port, a=servers[0], b=servers[1], proxy=PROXY))
    proc = subprocess.Popen([binary, "-f", str(config)], stderr=subprocess.PIPE)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def test_haproxy_in_front_spreads_the_requests_over_both_gateways(
    replicas: Replicas, tmp_path: Path
) -> None:
    users = [replicas.api.add_justin_user() for _ in range(8)]
    headers = {"Authorization": f"Bearer {replicas.api.token}"}
    with haproxy(replicas.gateways, tmp_path) as url:
        wait_for(
            lambda: health(url),
            lambda r: r.get("dependencies", {}).get("kafka", {}).get("status") == "ok",
            30,
            "the API through HAProxy",
        )
        answers = [
            httpx.post(
                f"{url}/api/v1/action",
                json={
                    "user_id": user,
                    "timestamp": "2025-01-01T12:00:00Z",
                    "decision_idx": 0,
                    "context": {"temperature": 20},
                },
                headers=headers,
                timeout=30,
            )
            for user in users
        ]
    assert [a.status_code for a in answers] == [201] * 8, [a.text for a in answers]
    assert {a.headers["X-Gateway"] for a in answers} == {"a", "b"}


def test_haproxy_forwards_each_clients_address_so_each_has_its_own_login_limit(
    replicas: Replicas, tmp_path: Path
) -> None:
    def wrong_logins(url: str, source: str, n: int) -> list[int]:
        """The statuses of n wrong logins through `url` from `source`, each claiming to come
        from one and the same address, as a forger would (the left-most entry)."""
        transport = httpx.HTTPTransport(local_address=source)
        with httpx.Client(transport=transport, base_url=url, timeout=30) as client:
            return [
                client.post(
                    "/v1/tokens",
                    json={"username": new_id("nobody"), "password": "wrong-password"},
                    headers={"X-Forwarded-For": "198.51.100.7"},
                ).status_code
                for _ in range(n)
            ]

    with haproxy(replicas.gateways, tmp_path) as url:
        wait_for(
            lambda: health(url),
            lambda r: r.get("dependencies", {}).get("kafka", {}).get("status") == "ok",
            30,
            "the API through HAProxy",
        )
        first = wrong_logins(url, "127.0.0.2", LOGIN_LIMIT + 1)
        second = wrong_logins(url, "127.0.0.3", 1)
    # Behind one proxy, yet not one bucket; and the forged address was no bucket at all.
    assert first == [401] * LOGIN_LIMIT + [429]
    assert second == [401]
