"""What the compose deployment adds around docker-compose.yml (no Docker needed): the local-base
override that make test-deploy runs, the monitoring services, and what they scrape and show.

The override may only change where images come from (image, build, and Kafka's healthcheck,
whose tool the broker's jars lack): then the run of docker-compose.yml with it proves the
ordinary file's settings, commands, ports and dependencies."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
import yaml

from rlkernel.runtime import DEFAULT_METRICS_PORTS
from rlkernel.settings import PROJECT_ROOT
from tests.tooling.test_compose import (
    APP_SERVICES,
    DEPENDENCIES,
    ONE_SHOT,
    env_of,
    gateway_metrics_port,
    services,
)
from tests.tooling.test_monitoring_files import PROMTOOL

DEPLOY = PROJECT_ROOT / "deploy"
LOCAL_BASE = "rl-service/base:local"
MAY_CHANGE = {"image", "build"}


def override() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = yaml.safe_load((DEPLOY / "compose.local.yml").read_text())[
        "services"
    ]
    return found


def test_the_override_changes_only_where_images_come_from() -> None:
    assert set(override()) == {*DEPENDENCIES, ONE_SHOT, *APP_SERVICES}
    for name, spec in override().items():
        allowed = MAY_CHANGE | ({"healthcheck"} if name == "kafka" else set())
        assert set(spec) <= allowed, f"{name} changes {set(spec) - allowed}"


@pytest.mark.parametrize("name", [ONE_SHOT, *APP_SERVICES])
def test_the_app_image_is_the_same_dockerfile_on_the_local_base_installed_offline(
    name: str,
) -> None:
    build = override()[name]["build"]
    assert (build["context"], build["dockerfile"]) == (".", "deploy/Dockerfile")
    assert build["args"] == {"BASE": LOCAL_BASE, "PIP_NO_INDEX": "1"}
    assert f"\nBASE={LOCAL_BASE}\n" in (DEPLOY / "local_base.sh").read_text()  # what it builds


@pytest.mark.parametrize("name", DEPENDENCIES)
def test_each_dependency_has_a_local_build_from_the_local_base(name: str) -> None:
    spec = override()[name]
    dockerfile = (
        DEPLOY / spec["build"]["context"].removeprefix("deploy") / spec["build"]["dockerfile"]
    )
    assert spec["build"]["context"] == "deploy" and dockerfile.is_file(), dockerfile
    assert f"ARG BASE={LOCAL_BASE}" in dockerfile.read_text()
    assert spec["image"] == f"rl-service/{name}:local"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_service_serves_metrics_on_all_container_interfaces(name: str) -> None:
    assert env_of(name)["METRICS_HOST"] == "0.0.0.0"  # noqa: S104 - inside its container


def test_compose_prometheus_scrapes_every_app_service_by_name_on_its_metrics_port() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "compose.yml").read_text())
    local = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    assert config["rule_files"] == local["rule_files"]
    scraped = {
        job["job_name"]: [t for c in job["static_configs"] for t in c["targets"]]
        for job in config["scrape_configs"]
    }
    ports = {**DEFAULT_METRICS_PORTS, "gateway": gateway_metrics_port()}
    assert scraped == {f"rls-{name}": [f"{name}:{port}"] for name, port in ports.items()}
    prometheus = services()["prometheus"]
    assert "./deploy/prometheus:/etc/prometheus:ro" in prometheus["volumes"]
    assert "--config.file=/etc/prometheus/compose.yml" in prometheus["command"]


def test_grafana_is_provisioned_with_the_prometheus_source_and_the_dashboard() -> None:
    grafana = services()["grafana"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in grafana["volumes"] if v.startswith("./")}
    provisioning = PROJECT_ROOT / mounts["/etc/grafana/provisioning"]
    source = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())
    assert [s["url"] for s in source["datasources"]] == ["http://prometheus:9090"]
    provider = yaml.safe_load((provisioning / "dashboards" / "rl-service.yml").read_text())
    folder = provider["providers"][0]["options"]["path"]
    assert mounts[f"{folder}/rl-service.json"] == "./deploy/grafana/rl-service.json"
    assert grafana["environment"]["GF_SECURITY_ADMIN_PASSWORD"].startswith("${GRAFANA_ADMIN")


@pytest.mark.skipif(PROMTOOL is None, reason="promtool is not installed (deploy/bootstrap.sh)")
def test_promtool_accepts_the_compose_prometheus_config() -> None:
    done = subprocess.run(
        [str(PROMTOOL), "check", "config", "compose.yml"],
        cwd=DEPLOY / "prometheus",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
