"""deploy/k8s, the Kubernetes example, checked without a cluster: every YAML document loads, and
each workload is what docs/production.md says it is.

What is compared is read from the project's own sources (Settings, the services' ports,
docker-compose.yml's init job, the study model, pyproject's version), not restated here.
"""

from __future__ import annotations

import json
import re
import tomllib
from functools import cache
from typing import Any

import pytest
import yaml
from pydantic import SecretStr

from rldomain.study import Study
from rlkernel.runtime import DEFAULT_METRICS_PORTS
from rlkernel.settings import PROJECT_ROOT, Settings

K8S = PROJECT_ROOT / "deploy" / "k8s"
# The replicas each service runs; the trainer's one is explained in trainer.yaml.
REPLICAS = {"gateway": 2, "decision": 2, "ingest": 2, "trainer": 1}
SETTING_NAMES = {name.upper() for name in Settings.model_fields}
SECRET_SETTINGS = {
    name.upper() for name, f in Settings.model_fields.items() if f.annotation is SecretStr
}
# ADMIN_PASSWORD is the tools' admin login (rlservice.admin_client): no process here reads it.
# Every other secret setting each process needs: its stores, or Settings' refusal of
# placeholders outside development.
REQUIRED_SECRETS = SECRET_SETTINGS - {"ADMIN_PASSWORD"}
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN|AUTH")
URL_WITH_PASSWORD = re.compile(r"://[^/@\s]*:[^/@\s]+@")
# What stands in for the Secret's values: long enough, and a Standard Webhooks secret.
STAND_INS = {"CALLBACK_SIGNING_SECRET": "whsec_" + "A" * 44}
UNITS = {"m": 1e-3, "": 1.0, "Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30}


@cache
def documents() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            found += [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
    return found


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for doc in documents() if doc["kind"] == kind]


def named(kind: str, name: str) -> dict[str, Any]:
    matches = [doc for doc in of_kind(kind) if doc["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind} {name}: {len(matches)} found"
    return matches[0]


def deployment(service: str) -> dict[str, Any]:
    return named("Deployment", f"rl-service-{service}")


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":  # its pods are its job template's
        spec = spec["jobTemplate"]["spec"]
    pod: dict[str, Any] = spec["template"]["spec"]
    return pod


def container(workload: dict[str, Any]) -> dict[str, Any]:
    containers: list[dict[str, Any]] = pod_spec(workload)["containers"]
    assert len(containers) == 1, workload["metadata"]["name"]
    return containers[0]


def workloads() -> dict[str, dict[str, Any]]:
    """Every Deployment, Job and CronJob, by name: each runs the image with the settings."""
    kinds = [*of_kind("Deployment"), *of_kind("Job"), *of_kind("CronJob")]
    found = {doc["metadata"]["name"]: doc for doc in kinds}
    assert found, "no workload in deploy/k8s"
    return found


def config_maps() -> dict[str, dict[str, str]]:
    return {doc["metadata"]["name"]: doc.get("data", {}) for doc in of_kind("ConfigMap")}


def env_names(workload: dict[str, Any]) -> set[str]:
    """Every variable the container gets: its own and its ConfigMaps' keys."""
    spec = container(workload)
    names = {entry["name"] for entry in spec.get("env", [])}
    for source in spec.get("envFrom", []):
        assert "configMapRef" in source, "secrets by secretKeyRef, one per variable"
        names |= set(config_maps()[source["configMapRef"]["name"]])
    return names


def plain_env(workload: dict[str, Any]) -> dict[str, str]:
    """The values written in the manifests: ConfigMaps', then the container's own."""
    spec = container(workload)
    env: dict[str, str] = {}
    for source in spec.get("envFrom", []):
        env |= config_maps()[source["configMapRef"]["name"]]
    env |= {e["name"]: str(e["value"]) for e in spec.get("env", []) if "value" in e}
    return env


def secret_refs(workload: dict[str, Any]) -> set[str]:
    return {
        entry["name"]
        for entry in container(workload).get("env", [])
        if "secretKeyRef" in entry.get("valueFrom", {})
    }


@cache
def studies() -> dict[str, Study]:
    data = config_maps()["rl-service-studies"]
    return {key: Study.model_validate(yaml.safe_load(text)) for key, text in data.items()}


def credentials() -> set[str]:
    """The variables the study files name for their backends' credentials (token_env)."""
    return {
        s.ema_endpoint.token_env
        for s in studies().values()
        if s.ema_endpoint and s.ema_endpoint.token_env
    }


def quantity(value: object) -> float:
    found = re.fullmatch(r"([0-9.]+)(m|Ki|Mi|Gi|)", str(value))
    assert found, f"unreadable quantity {value!r}"
    return float(found.group(1)) * UNITS[found.group(2)]


def test_the_kustomization_lists_every_manifest_and_each_document_loads() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(kustomization["resources"]) == files
    assert not list(K8S.glob("*.yml")), "name manifests *.yaml"
    for doc in documents():
        assert doc.get("apiVersion") and doc.get("kind") and doc["metadata"].get("name"), doc


@pytest.mark.parametrize("service", REPLICAS)
def test_each_service_is_a_deployment_running_its_module_with_its_replicas(service: str) -> None:
    found = deployment(service)
    assert found["spec"]["replicas"] == REPLICAS[service]
    assert container(found)["command"] == ["python", "-m", service]
    labels = found["spec"]["template"]["metadata"]["labels"]
    assert found["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert labels.get("app.kubernetes.io/component") == service


def test_the_single_trainer_is_replaced_not_rolled_so_two_never_run_together() -> None:
    assert deployment("trainer")["spec"]["strategy"]["type"] == "Recreate"


def test_the_init_job_runs_what_the_compose_init_runs() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    job = named("Job", "rl-service-init")
    assert container(job)["command"] == compose["services"]["init"]["command"]
    assert pod_spec(job)["restartPolicy"] in ("OnFailure", "Never")


def test_the_audit_cronjob_records_a_replay_of_every_study_one_run_at_a_time() -> None:
    """The replay_audit health check grades what this job records (docs/design.md)."""
    cron = named("CronJob", "rl-service-audit")
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    script = " ".join(container(cron)["command"])
    assert "rlservice replay --study" in script and "--record" in script
    looped = re.search(r"for study in ([^;]+);", script)
    assert looped, script
    assert sorted(looped.group(1).split()) == sorted(s.id for s in studies().values())
    mounts = {m["mountPath"]: m["name"] for m in container(cron)["volumeMounts"]}
    volumes = {v["name"]: v.get("configMap", {}).get("name") for v in pod_spec(cron)["volumes"]}
    studies_dir = plain_env(cron)["STUDIES_DIR"]
    assert volumes[mounts[studies_dir]] == "rl-service-studies"


@pytest.mark.parametrize("name", sorted(workloads()))
def test_every_container_requests_and_limits_cpu_and_memory(name: str) -> None:
    resources = container(workloads()[name]).get("resources", {})
    for kind in ("cpu", "memory"):
        request = quantity(resources.get("requests", {}).get(kind))
        limit = quantity(resources.get("limits", {}).get(kind))
        assert 0 < request <= limit, f"{name}: {kind} {request} > {limit}"


@pytest.mark.parametrize("service", REPLICAS)
def test_each_deployment_probes_readiness_and_liveness_on_its_own_health_endpoint(
    service: str,
) -> None:
    spec = container(deployment(service))
    env = plain_env(deployment(service))
    if service == "gateway":
        port = int(env.get("GATEWAY_PORT", Settings.model_fields["gateway_port"].default))
        target = f"127.0.0.1:{port}/healthz"
        assert port in [p["containerPort"] for p in spec["ports"]]
    else:
        port = int(env.get("METRICS_PORT") or DEFAULT_METRICS_PORTS[service])
        target = f"127.0.0.1:{port}/metrics"
    for probe in ("readinessProbe", "livenessProbe"):
        assert probe in spec, f"{service} has no {probe}"
        assert target in json.dumps(spec[probe]), f"{service}'s {probe} does not ask {target}"


@pytest.mark.parametrize("name", sorted(workloads()))
def test_every_variable_set_is_a_setting_or_a_study_backends_credential(name: str) -> None:
    unknown = env_names(workloads()[name]) - SETTING_NAMES - credentials()
    assert not unknown, f"{name} sets what no Settings field reads: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(workloads()))
def test_secrets_come_only_from_the_secret_each_by_reference(name: str) -> None:
    workload = workloads()[name]
    refs = secret_refs(workload)
    assert refs >= REQUIRED_SECRETS, f"{name} lacks {sorted(REQUIRED_SECRETS - refs)}"
    for key, value in plain_env(workload).items():
        secret = key in SECRET_SETTINGS or key in credentials() or SECRET_KEY.search(key)
        assert not secret, f"{name}: {key} is written in the manifests, not read from a Secret"
        assert not URL_WITH_PASSWORD.search(value), f"{name}: {key} holds a password"
    if name == "rl-service-ingest":
        assert credentials() <= refs, "ingest pulls with the study backends' credentials"


def test_no_secret_object_is_committed_the_operator_creates_them() -> None:
    assert not of_kind("Secret")


@pytest.mark.parametrize("name", sorted(workloads()))
def test_the_settings_each_container_gets_are_valid(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings built from the manifests' values, with real-looking secrets in place of the
    Secret's: a value Settings refuses would stop the pod at start."""
    for key in SETTING_NAMES:
        monkeypatch.delenv(key, raising=False)
    for key, value in plain_env(workloads()[name]).items():
        monkeypatch.setenv(key, value)
    for key in secret_refs(workloads()[name]):
        monkeypatch.setenv(key, STAND_INS.get(key, "x" * 32))
    settings = Settings(_env_file=None)
    assert settings.rls_env == "production"


@pytest.mark.parametrize("name", sorted(workloads()))
def test_images_are_the_projects_one_image_pinned_to_its_version(name: str) -> None:
    version = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]
    image = container(workloads()[name])["image"]
    repository, _, tag = image.rpartition(":")
    assert "/" not in tag and tag not in ("", "latest"), f"{name}: {image} is not pinned"
    assert tag == version, f"{name}: {image}, the project is {version}"
    images = {container(w)["image"] for w in workloads().values()}
    assert images == {image}, f"one image for all: {images}"
    assert repository


def test_the_service_selects_the_gateway_pods_and_only_those() -> None:
    service = named("Service", "rl-service-gateway")
    selector = service["spec"]["selector"]
    for name in REPLICAS:
        labels = deployment(name)["spec"]["template"]["metadata"]["labels"]
        assert (selector.items() <= labels.items()) == (name == "gateway"), name
    ports = {p["name"]: p["containerPort"] for p in container(deployment("gateway"))["ports"]}
    for port in service["spec"]["ports"]:
        assert port["targetPort"] in ports or port["targetPort"] in ports.values(), port


def test_the_ingress_ends_tls_and_sends_everything_to_the_gateway_service() -> None:
    service = named("Service", "rl-service-gateway")
    for ingress in of_kind("Ingress"):
        tls_hosts = {host for entry in ingress["spec"]["tls"] for host in entry["hosts"]}
        for rule in ingress["spec"]["rules"]:
            assert rule["host"] in tls_hosts, f"{rule['host']} is served without TLS"
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] == service["metadata"]["name"]
                assert backend["port"]["name"] in [p["name"] for p in service["spec"]["ports"]]


def test_the_studies_config_map_holds_studies_that_every_workload_mounts_at_studies_dir() -> None:
    assert studies(), "no study in the studies ConfigMap"
    ids = [study.id for study in studies().values()]
    assert len(ids) == len(set(ids)), f"a study defined twice: {ids}"
    assert all(key.endswith(".yaml") for key in studies()), "load_studies reads *.yaml only"
    for service in REPLICAS:
        found = deployment(service)
        volumes = {
            v["name"]: v["configMap"]["name"]
            for v in pod_spec(found)["volumes"]
            if "configMap" in v
        }
        mounts = {
            m["mountPath"]: m["name"]
            for m in container(found)["volumeMounts"]
            if m["name"] in volumes
        }
        studies_dir = plain_env(found)["STUDIES_DIR"]
        assert volumes.get(mounts.get(studies_dir, "")) == "rl-service-studies", service


@pytest.mark.parametrize("name", sorted(workloads()))
def test_pods_run_unprivileged_on_a_read_only_root_with_a_writable_tmp(name: str) -> None:
    workload = workloads()[name]
    assert pod_spec(workload)["securityContext"]["runAsNonRoot"] is True
    spec = container(workload)
    assert spec["securityContext"]["readOnlyRootFilesystem"] is True
    assert spec["securityContext"]["allowPrivilegeEscalation"] is False
    # The pod's own emptyDir: the gateway's workers share their metrics files there.
    assert "/tmp" in [m["mountPath"] for m in spec.get("volumeMounts", [])]  # noqa: S108
