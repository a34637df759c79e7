"""The compose deployment, run (make test-deploy): docker-compose.yml brought up on this
machine's Docker engine, every service healthy, a MiWaves and a JustIn client served, their
decisions stored, the whole of it taken down with its volumes.

Built from the local Debian base (deploy/compose.local.yml), as no registry can be pulled from
here; Prometheus and Grafana are left out for the same reason (their official images only).
What Prometheus would scrape is checked instead: every target of deploy/prometheus/compose.yml
answers /metrics from inside the compose network."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
import yaml
from pydantic import SecretStr
from rlservice_client import AuthenticatedClient
from rlservice_client.api.just_in_compatible import justin_action, justin_add_user
from rlservice_client.models import JustInAction, JustInActionContext, JustInDecision, JustInUser

from rlkernel.settings import PROJECT_ROOT, Settings
from rlservice.admin_client import admin_token, create_client
from tests.support.api import MIWAVES_ACTION, MIWAVES_TZ, miwaves_baseline, new_id
from tests.support.compose import APP, DEPENDENCIES, ComposeStack, compose_stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.deploy
# Images are built before (make test-deploy); starting takes Kafka's and the services' start.
HEALTHY_WITHIN = 300


@pytest.fixture(scope="module")
def deployed() -> Iterator[ComposeStack]:
    with compose_stack(HEALTHY_WITHIN) as stack:
        yield stack


@pytest.fixture(scope="module")
def backend(deployed: ComposeStack) -> str:
    """A client that is the backend of both studies, made by the deployment's first admin."""
    settings = Settings(
        admin_token=SecretStr(deployed.env["ADMIN_TOKEN"]),
        admin_password=SecretStr(new_id("admin-password")),
    )
    by = admin_token(deployed.url, settings)
    roles = [("miwaves", "backend"), ("justin", "backend")]
    return create_client(deployed.url, by, new_id("backend"), new_id("password"), roles)


def test_every_service_is_healthy_and_the_gateway_reports_all_ok(deployed: ComposeStack) -> None:
    assert {name: deployed.health(name) for name in (*DEPENDENCIES, *APP)} == dict.fromkeys(
        (*DEPENDENCIES, *APP), "healthy"
    )
    report = httpx.get(f"{deployed.url}/healthz", timeout=10).json()
    assert report["status"] == "ok", report
    assert {name: entry["status"] for name, entry in report["services"].items()} == dict.fromkeys(
        APP, "ok"
    )


def test_every_prometheus_target_serves_metrics_on_the_compose_network(
    deployed: ComposeStack,
) -> None:
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "prometheus" / "compose.yml").read_text())
    targets = [
        t for job in config["scrape_configs"] for c in job["static_configs"] for t in c["targets"]
    ]
    assert {target.split(":")[0] for target in targets} == set(APP)
    for target in targets:
        # From the trainer's container, as Prometheus would from its own: by service name.
        fetched = deployed.exec(
            "trainer",
            "python",
            "-c",
            f"import urllib.request as u; print(u.urlopen('http://{target}/metrics').read().decode())",
        )
        assert fetched.returncode == 0, fetched.stderr
        assert "rls_" in fetched.stdout, target


def test_a_miwaves_and_a_justin_client_are_served_and_their_decisions_stored(
    deployed: ComposeStack, backend: str
) -> None:
    miwaves = new_id("m")
    today = datetime.now(ZoneInfo(MIWAVES_TZ)).date()
    with httpx.Client(
        base_url=deployed.url, timeout=30, headers={"Authorization": f"Bearer {backend}"}
    ) as http:
        registered = http.post("/register", json=miwaves_baseline(miwaves, today))
        assert registered.status_code == 200, registered.text
        decided = http.post("/actions", json={"user_id": miwaves, **MIWAVES_ACTION})
        assert decided.status_code == 200, decided.text
        answer = decided.json()
        assert answer["status"] == "success" and answer["action"] in (0, 1), answer

    justin = new_id("j")
    with AuthenticatedClient(base_url=deployed.url, token=backend) as client:
        added = justin_add_user.sync_detailed(client=client, body=JustInUser(user_id=justin))
        assert added.status_code == 201, added.content
        acted = justin_action.sync_detailed(
            client=client,
            body=JustInAction(
                user_id=justin,
                timestamp=datetime(2025, 1, 1, 12, tzinfo=UTC),
                decision_idx=0,
                context=JustInActionContext.from_dict({"temperature": 21.5}),
            ),
        )
        assert acted.status_code == 201 and isinstance(acted.parsed, JustInDecision), acted.content

    rows = wait_for(
        lambda: stored_decisions(deployed, [miwaves, justin]),
        lambda found: len(found) == 2,
        60,
        "both decisions in PostgreSQL",
    )
    assert rows == {miwaves: answer["rid"], justin: acted.parsed.rid}


def stored_decisions(deployed: ComposeStack, participants: list[str]) -> dict[str, Any]:
    """participant -> rid of the decisions table, read through the published PostgreSQL port."""
    password = deployed.env["POSTGRES_PASSWORD"]
    port = deployed.ports["postgres"]
    engine = sa.create_engine(
        f"postgresql+psycopg2://rlservice:{password}@127.0.0.1:{port}/rlservice"
    )
    try:
        with engine.connect() as db:
            found = db.execute(
                sa.text(
                    "SELECT participant_id, rid FROM decisions "
                    "WHERE participant_id IN (SELECT unnest(CAST(:p AS text[])))"
                ),
                {"p": participants},
            )
            return {row.participant_id: row.rid for row in found}
    finally:
        engine.dispose()
