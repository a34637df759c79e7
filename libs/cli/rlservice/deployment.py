"""A deployment of its own: the four services on a fresh namespace (topics, consumer groups,
Redis keys) and database, on the shared Kafka, Redis and PostgreSQL. The tests run one per
test; `rlservice simulate` runs one so simulated participants never mix with real ones."""

from __future__ import annotations

import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rlkernel.settings import PROJECT_ROOT, Settings
from rlservice.launcher import spawn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    url = make_url(admin_url)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(
            text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        )
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    engine = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@dataclass
class Deployment:
    """Service processes of one namespace; start and stop them freely."""

    kafka: str
    redis_url: str
    database_url: str
    namespace: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:10]}")
    gateway_port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    log_dir: str = "tests"  # under .rlservice/logs, or an absolute path
    env_name: str = "test"
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def env(self, **overrides: str) -> dict[str, str]:
        return {
            "RLS_ENV": self.env_name,
            "RLS_NAMESPACE": self.namespace,
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka,
            "REDIS_URL": self.redis_url,
            "DATABASE_URL": self.database_url,
            "GATEWAY_PORT": str(self.gateway_port),
            "HEARTBEAT_SECONDS": "1",
            "GATEWAY_WORKERS": "1",  # one process per service; a test that wants more says so
            # The tests' callback receivers and mock backends listen on 127.0.0.1; a test of the
            # refusal turns this off.
            "CALLBACK_ALLOW_PRIVATE_NETWORKS": "true",
            **self.extra_env,
            **overrides,
        }

    def settings(self) -> Settings:
        return Settings.model_validate({k.lower(): v for k, v in self.env().items()})

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def start(
        self, service: str, instance: str | None = None, **env: str
    ) -> subprocess.Popen[bytes]:
        label = f"{service}-{instance}" if instance else service
        log = PROJECT_ROOT / ".rlservice" / "logs" / self.log_dir / f"{self.namespace}-{label}.log"
        proc = spawn(
            service,
            log,
            self.env(
                **{"INSTANCE_ID": f"{self.namespace}-{label}", "METRICS_PORT": str(free_port())}
                | env
            ),
        )
        self.procs[label] = proc
        return proc

    def stop(self, label: str, timeout: float = 20.0) -> int:
        """SIGTERM and wait; returns the exit code (uvicorn re-raises SIGTERM: -15 is clean)."""
        proc = self.procs.pop(label)
        proc.terminate()
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"{label} did not stop within {timeout}s of SIGTERM") from None

    def stop_all(self) -> None:
        for label in list(self.procs):
            self.stop(label)

    def health(self) -> dict[str, Any]:
        try:
            body: dict[str, Any] = httpx.get(f"{self.url}/healthz", timeout=5).json()
        except httpx.HTTPError:
            return {"status": "unreachable"}
        return body

    def wait_until(self, predicate: Any, timeout: float, what: str) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        report = self.health()
        while not predicate(report):
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not seen within {timeout}s; last health: {report}")
            time.sleep(0.2)
            report = self.health()
        return report
