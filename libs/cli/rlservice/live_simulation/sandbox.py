"""The deployment a simulation runs in: a fresh database and namespace on the shared Kafka, Redis
and PostgreSQL, its own copy of the study file pointing at its own mock backend, and the
stepped clock (clock.py). Kept after the run, so it can be audited, until `rlservice simulate
delete` or the pruning of old sessions (sessions.py) removes it; both find its database and
namespace from the session id, by the functions below."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from rldomain.study import Study
from rlkernel.db.migrate import upgrade
from rlkernel.kafka import ensure_topics
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.deployment import Deployment, create_database, free_port
from rlservice.launcher import SERVICE_NAMES

from .clock import SteppedClock

SERVICES_READY_SECONDS = 60


def new_session_id() -> str:
    """Sorts by when the session began: the pruning keeps the last ones by name."""
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"


def database_name(session: str) -> str:
    return f"rls_sim_{session.replace('-', '_')}"


def namespace_of(session: str) -> str:
    return f"sim{session.replace('-', '')[-12:]}"


@dataclass(frozen=True)
class Sandbox:
    deployment: Deployment
    mock_port: int
    token: str  # the mock backend's bearer token; the services know it as SIM_BACKEND_TOKEN
    folder: Path  # the session's: where the run writes its progress, results and logs

    @property
    def mock_url(self) -> str:
        return f"http://127.0.0.1:{self.mock_port}"

    def prepare(self) -> Settings:
        """Migrates its database and creates its topics; returns the settings its services see."""
        settings = self.deployment.settings()
        upgrade(settings)
        asyncio.run(ensure_topics(settings, Topics(self.deployment.namespace).specs()))
        return settings

    def start(self) -> None:
        mock_env = {"MOCK_BACKEND_TOKEN": self.token, "MOCK_BACKEND_PORT": str(self.mock_port)}
        self.deployment.start("mockbackend", **mock_env)
        for service in SERVICE_NAMES:
            self.deployment.start(service)
        self.deployment.wait_until(
            lambda r: r.get("status") == "ok", SERVICES_READY_SECONDS, "the simulation's services"
        )


def sandbox_for(
    settings: Settings, study: Study, session: str, clock: SteppedClock, folder: Path
) -> Sandbox:
    """A fresh database and namespace; the study file pointed at this run's mock backend."""
    url = create_database(settings.database_url.get_secret_value(), database_name(session))
    token, mock_port = uuid.uuid4().hex, free_port()
    studies = folder / "studies"
    studies.mkdir(parents=True, exist_ok=True)
    config = study.model_dump(mode="json", exclude_none=True)
    config["ema_endpoint"] = {
        "url": f"http://127.0.0.1:{mock_port}/ema_study",
        "token_env": "SIM_BACKEND_TOKEN",
        "timeout_seconds": 5.0,
    }
    (studies / f"{study.id}.yaml").write_text(yaml.safe_dump(config))
    deployment = Deployment(
        settings.kafka_bootstrap_servers,
        settings.redis_url.get_secret_value(),
        url,
        namespace=namespace_of(session),
        log_dir=str(folder / "logs"),  # the services' logs go with the session
        env_name="development",
        extra_env={
            "STUDIES_DIR": str(studies),
            "SIM_BACKEND_TOKEN": token,
            **clock.env(),
            "TRAINER_SCHEDULE_CHECK_SECONDS": "0.2",
            # The simulated backend closes (or uploads) every window itself; a step of the
            # clock can jump past a study's grace, so no sweep.
            "WINDOW_SWEEP_EVERY_SECONDS": "0",
        },
    )
    return Sandbox(deployment, mock_port, token, folder)
