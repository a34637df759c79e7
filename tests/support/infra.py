"""Where the tests find Kafka, Redis and PostgreSQL.

Chosen explicitly by RLS_TEST_STACK, never guessed from what the machine happens to run:
- `local` (the default): the local stack that `make test` started (deploy/infra.sh), with .env's
  credentials;
- `env`: KAFKA_BOOTSTRAP_SERVERS, REDIS_URL and DATABASE_URL from the environment;
- `containers`: throwaway containers started by testcontainers on a Docker engine, from
  docker-compose.yml's images and Kafka settings; with RLS_TEST_IMAGES=local, from the images
  deploy/compose.local.yml builds (make test-deploy does, where no registry can be reached).
A choice that cannot be served stops the session with a message that says why. Never a fake:
the end-to-end tests always talk to the real broker, database and cache.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml

from rlkernel.settings import PROJECT_ROOT, Settings
from tests.support.waiting import wait_for

DEPENDENCIES = ("kafka", "redis", "postgres")
POSTGRES_PRIVACY = PROJECT_ROOT / "deploy" / "postgres" / "privacy.conf"


@dataclass
class Infra:
    kafka: str
    redis_url: str
    database_url: str
    kind: str  # "env", "containers" or "local"
    containers: dict[str, Any] = field(default_factory=dict)

    def stop(self, dep: str) -> None:
        """Takes one dependency away, as an outage would."""
        if self.kind == "containers":
            self.containers[dep].get_wrapped_container().pause()
        else:
            _infra_sh("stop", dep)

    def start(self, dep: str) -> None:
        if self.kind == "containers":
            self.containers[dep].get_wrapped_container().unpause()
        else:
            _infra_sh("start", dep)


def _infra_sh(*args: str) -> None:
    subprocess.run(
        [str(PROJECT_ROOT / "deploy" / "infra.sh"), *args], check=True, capture_output=True
    )


def docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False)
    return probe.returncode == 0


def postgres_privacy() -> dict[str, str]:
    """deploy/postgres/privacy.conf: the logging settings of every PostgreSQL we run, by name."""
    settings = {}
    for line in POSTGRES_PRIVACY.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            settings[name.strip()] = value.strip().strip("'")
    return settings


class StackUnavailable(RuntimeError):
    """The test stack asked for by RLS_TEST_STACK cannot be had; the message says why."""


STACKS = ("local", "env", "containers")


@contextmanager
def provide_infra() -> Iterator[Infra]:
    kind = os.environ.get("RLS_TEST_STACK", "local")
    if kind not in STACKS:
        raise StackUnavailable(f"RLS_TEST_STACK={kind!r}: choose one of {', '.join(STACKS)}")
    if kind == "env":
        names = ("KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL", "DATABASE_URL")
        env = {k: os.environ.get(k, "") for k in names}
        if missing := [k for k, v in env.items() if not v]:
            raise StackUnavailable(f"RLS_TEST_STACK=env needs {', '.join(missing)}")
        yield Infra(env["KAFKA_BOOTSTRAP_SERVERS"], env["REDIS_URL"], env["DATABASE_URL"], "env")
    elif kind == "containers":
        if not docker_engine_answers():
            raise StackUnavailable("RLS_TEST_STACK=containers needs a Docker engine: none answers")
        with _containers() as infra:
            yield infra
    else:
        local = Settings()
        yield Infra(
            local.kafka_bootstrap_servers,
            local.redis_url.get_secret_value(),
            local.database_url.get_secret_value(),
            "local",
        )


def compose_services(local: bool) -> dict[str, dict[str, Any]]:
    """docker-compose.yml's services, with deploy/compose.local.yml's images over them."""
    files = ["docker-compose.yml", *(["deploy/compose.local.yml"] if local else [])]
    merged: dict[str, dict[str, Any]] = {}
    for name in files:
        for service, spec in yaml.safe_load((PROJECT_ROOT / name).read_text())["services"].items():
            merged.setdefault(service, {}).update(spec)
    return merged


def kafka_environment(kafka: dict[str, Any], host_port: int) -> dict[str, str]:
    """The compose file's broker settings (the KAFKA_* contract of apache/kafka and of the local
    image), its listeners advertised where a lone container is reached: the HOST one on
    `host_port`, the inter-broker one on its own loopback (no `kafka` name resolves there)."""
    env = {
        k: re.sub(r"\$\{[^}]*\}", str(host_port), str(v)) for k, v in kafka["environment"].items()
    }
    env["KAFKA_ADVERTISED_LISTENERS"] = f"PLAINTEXT://127.0.0.1:9092,HOST://127.0.0.1:{host_port}"
    return env


def kafka_answers(bootstrap: str) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    async def probe() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
        await admin.start()
        try:
            await admin.list_topics()
        finally:
            await admin.close()

    try:
        asyncio.run(probe())
    except Exception:  # not up yet, whatever the reason
        return False
    return True


@contextmanager
def _containers() -> Iterator[Infra]:
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer
    from testcontainers.core.container import DockerContainer

    from rlservice.deployment import free_port

    services = compose_services(os.environ.get("RLS_TEST_IMAGES") == "local")
    # A fixed host port, so that the broker can advertise it before it starts.
    kafka_port = free_port()
    kafka = DockerContainer(services["kafka"]["image"]).with_bind_ports(19092, kafka_port)
    for name, value in kafka_environment(services["kafka"], kafka_port).items():
        kafka.with_env(name, value)
    with (
        kafka,
        RedisContainer(services["redis"]["image"]) as redis,
        PostgresContainer(services["postgres"]["image"]).with_command(
            ["postgres", *(f for n, v in postgres_privacy().items() for f in ("-c", f"{n}={v}"))]
        ) as pg,
    ):
        wait_for(lambda: kafka_answers(f"127.0.0.1:{kafka_port}"), bool, 120, "Kafka container")
        redis_url = f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0"
        yield Infra(
            f"127.0.0.1:{kafka_port}",
            redis_url,
            pg.get_connection_url(driver="psycopg2"),
            "containers",
            {"kafka": kafka, "redis": redis, "postgres": pg},
        )
