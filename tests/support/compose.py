"""docker-compose.yml brought up by the deploy tests: a project of its own, images from the
local base (deploy/compose.local.yml), host ports chosen free, secrets made for the run."""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rlkernel.settings import PROJECT_ROOT
from rlservice.deployment import free_port
from tests.support.waiting import wait_for

FILES = ("docker-compose.yml", "deploy/compose.local.yml")
# Started by name: Prometheus and Grafana are left out, as their official images cannot be
# pulled here and deploy/compose.local.yml has no local build of them.
DEPENDENCIES = ("kafka", "redis", "postgres")
APP = ("gateway", "decision", "ingest", "trainer")
ONE_SHOT = "init"
# Published on free host ports (COMPOSE_<NAME>_PORT): never the local stack's, which may be up.
PUBLISHED = ("gateway", "kafka", "redis", "postgres")
# What docker-compose.yml requires from .env; fresh for every run, never the developer's.
SECRETS = (
    "ADMIN_TOKEN",
    "JWT_SECRET",
    "SEED_SECRET",
    "POSTGRES_PASSWORD",
    "REDIS_PASSWORD",
    "GRAFANA_ADMIN_PASSWORD",
)


def compose_command() -> list[str]:
    """The v2 plugin where it exists, else Debian's docker-compose (deploy/docker_engine.sh)."""
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if plugin.returncode == 0:
        return ["docker", "compose"]
    found = shutil.which("docker-compose")
    assert found, "no docker compose: run deploy/docker_engine.sh"
    return [found]


@dataclass
class ComposeStack:
    project: str
    env: dict[str, str]
    ports: dict[str, int]
    command: list[str] = field(default_factory=compose_command)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        files = [arg for name in FILES for arg in ("-f", name)]
        done = subprocess.run(
            [*self.command, "-p", self.project, *files, *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 or not check, f"compose {' '.join(args)}: {done.stderr}"
        return done

    def state(self, service: str) -> dict[str, Any]:
        """Docker's State of the service's container ({} while it has none)."""
        ids = self.run("ps", "-q", service).stdout.split()
        if not ids:
            return {}
        shown = subprocess.run(
            ["docker", "inspect", "--format", "{{json .State}}", ids[0]],
            capture_output=True,
            text=True,
            check=True,
        )
        state: dict[str, Any] = json.loads(shown.stdout)
        return state

    def health(self, service: str) -> str:
        return str(self.state(service).get("Health", {}).get("Status", "none"))

    def wait_healthy(self, timeout: float) -> None:
        """Every long-running service healthy by its compose healthcheck; init done, exit 0."""
        wait_for(
            lambda: {name: self.health(name) for name in (*DEPENDENCIES, *APP)},
            lambda seen: set(seen.values()) == {"healthy"},
            timeout,
            "every compose service healthy",
        )
        init = self.state(ONE_SHOT)
        assert (init.get("Status"), init.get("ExitCode")) == ("exited", 0), init

    def exec(self, service: str, *command: str) -> subprocess.CompletedProcess[str]:
        return self.run("exec", "-T", service, *command, check=False)

    def logs(self) -> str:
        return self.run("logs", "--no-color", "--tail", "40", check=False).stdout


@contextmanager
def compose_stack(timeout: float) -> Iterator[ComposeStack]:
    """Builds (cached after the first time), starts and waits for the stack; always takes it
    down with its volumes, printing the last logs when it did not come up."""
    ports = {service: free_port() for service in PUBLISHED}
    env = {
        **os.environ,
        **{name: secrets.token_urlsafe(24) for name in SECRETS},
        "CALLBACK_SIGNING_SECRET": "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode(),
        **{f"COMPOSE_{service.upper()}_PORT": str(port) for service, port in ports.items()},
        "RLS_ENV": "production",
    }
    stack = ComposeStack(f"rls-deploy-{secrets.token_hex(4)}", env, ports)
    try:
        services = [*DEPENDENCIES, ONE_SHOT, *APP]
        stack.run("up", "-d", "--build", *services)
        try:
            stack.wait_healthy(timeout)
        except AssertionError:
            print(stack.logs())  # shown by pytest with the failure
            raise
        yield stack
    finally:
        stack.run("down", "-v", "--remove-orphans", check=False)
