"""docker-compose.yml and deploy/Dockerfile mirror the local stack (no Docker needed).

Everything compared is read from the local stack's own files (Settings, runtime, the gateway's
entry point, deploy/kafka/*, deploy/make_env.sh, pyproject.toml), not restated here.
"""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from pydantic import SecretStr

from rlkernel.runtime import DEFAULT_METRICS_PORTS
from rlkernel.settings import PROJECT_ROOT, Settings
from rlservice.main import app as cli
from tests.support.infra import postgres_privacy

ROOT = PROJECT_ROOT
APP_SERVICES = ("gateway", "decision", "ingest", "trainer")
DEPENDENCIES = ("kafka", "redis", "postgres")
ONE_SHOT = "init"
SETTING_NAMES = {name.upper() for name in Settings.model_fields}
# ADMIN_PASSWORD is the tools' admin login (rlservice.admin_client): no service reads it.
SECRET_SETTINGS = {
    name.upper() for name, f in Settings.model_fields.items() if f.annotation is SecretStr
} - {"ADMIN_PASSWORD"}
REQUIRED_SETTINGS = SECRET_SETTINGS | {"KAFKA_BOOTSTRAP_SERVERS"}
# ${NAME}, ${NAME:?message}, ${NAME?message}: a required reference, no literal fallback.
REQUIRED_REF = re.compile(r"^\$\{([A-Z_][A-Z0-9_]*)(:?\?[^}]*)?\}$")
ANY_REF = re.compile(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)([^}]*)\}")
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN|AUTH")


@cache
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


def env_of(service: str) -> dict[str, str]:
    env = services()[service].get("environment", {})
    assert isinstance(env, dict), f"{service}: write environment as a mapping"
    return {str(k): str(v) for k, v in env.items()}


def long_running() -> list[str]:
    return [name for name, svc in services().items() if svc.get("restart") != "no"]


def make_env_names() -> list[str]:
    """The variables deploy/make_env.sh writes into .env (its `add NAME value` lines)."""
    text = (ROOT / "deploy" / "make_env.sh").read_text()
    names = re.findall(r"^add ([A-Z_][A-Z0-9_]*) ", text, re.M)
    assert names, "deploy/make_env.sh no longer writes .env with `add NAME value` lines"
    return names


def env_example_names() -> list[str]:
    text = (ROOT / ".env.example").read_text()
    return re.findall(r"^([A-Z_][A-Z0-9_]*)=", text, re.M)


def server_properties() -> dict[str, str]:
    props: dict[str, str] = {}
    for line in (ROOT / "deploy" / "kafka" / "server.properties").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            props[key.strip()] = value.strip()
    return props


def kafka_env_name(prop: str) -> str:
    """The apache/kafka image's mapping: . -> _, _ -> __, - -> ___, upper-cased, KAFKA_ prefix."""
    return (
        "KAFKA_"
        + prop.replace("-", "\0").replace("_", "__").replace(".", "_").replace("\0", "___").upper()
    )


def listener_names(listeners: str) -> set[str]:
    return {entry.split("://")[0] for entry in listeners.split(",") if entry}


def filled(value: str) -> str:
    """The value with every ${...} reference replaced, so that it parses as a URL."""
    return ANY_REF.sub("placeholder", value)


def url_password(url: str) -> str | None:
    """The password of scheme://user:password@host/..., as written (a reference stays one)."""
    found = re.match(r"^[a-z0-9+.-]+://[^:@/]*:(.*)@[^@]+$", url)
    return found.group(1) if found else None


def advertised(listener: str) -> str:
    """host:port that the broker advertises for one listener name."""
    for entry in env_of("kafka")["KAFKA_ADVERTISED_LISTENERS"].split(","):
        name, _, address = entry.partition("://")
        if name == listener:
            return address
    raise AssertionError(f"kafka advertises no {listener} listener")


def published_by_default(service: str) -> list[str]:
    """The service's ports as published when no COMPOSE_*_PORT moves them."""
    return [re.sub(r"\$\{[A-Z_]+:-(\d+)\}", r"\1", str(p)) for p in services()[service]["ports"]]


def healthcheck_text(service: str) -> str:
    test = services()[service].get("healthcheck", {}).get("test", [])
    return " ".join(test) if isinstance(test, list) else str(test)


def gateway_metrics_port() -> int:
    source = (ROOT / "services" / "gateway" / "gateway" / "__main__.py").read_text()
    found = re.search(r"metrics_port or (\d+)", source)
    assert found, "the gateway's default metrics port is no longer `metrics_port or N`"
    return int(found.group(1))


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    pairs = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, args = line.strip().partition(" ")
            pairs.append((instruction.upper(), args.strip()))
    return pairs


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_four_app_services_the_init_job_and_the_three_dependencies_are_defined() -> None:
    assert set(APP_SERVICES) | set(DEPENDENCIES) | {ONE_SHOT} <= set(services())


def test_every_app_service_and_init_run_one_image_built_from_deploy_dockerfile() -> None:
    users = [*APP_SERVICES, ONE_SHOT]
    builds = {name: services()[name].get("build") for name in users}
    images = {services()[name].get("image") for name in users}
    for name, build in builds.items():
        assert isinstance(build, dict), f"{name} is not built from the project"
        assert build.get("context") == ".", name
        assert build.get("dockerfile") == "deploy/Dockerfile", name
    assert (ROOT / "deploy" / "Dockerfile").is_file()
    assert len(images) == 1 and None not in images, f"one image name for all, got {images}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_each_app_service_runs_its_own_module_which_pyproject_installs(name: str) -> None:
    assert services()[name].get("command") == ["python", "-m", name]
    assert (ROOT / "services" / name / name / "__main__.py").is_file()
    packages = pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert f"services/{name}/{name}" in packages


def test_the_init_job_migrates_then_creates_topics_with_commands_the_cli_has() -> None:
    command = " ".join(services()[ONE_SHOT].get("command", []))
    assert re.search(r"rlservice migrate\s*&&\s*rlservice topics", command), command
    assert "rlservice" in pyproject()["project"]["scripts"]
    commands = {command.name for command in cli.registered_commands}
    assert {"migrate", "topics"} <= commands


def test_the_kafka_image_is_the_version_pinned_in_deploy_kafka_pom() -> None:
    pom = ET.parse(ROOT / "deploy" / "kafka" / "pom.xml")  # noqa: S314 - our own file
    version = pom.findtext(
        "{http://maven.apache.org/POM/4.0.0}properties/"
        "{http://maven.apache.org/POM/4.0.0}kafka.version"
    )
    assert version, "kafka.version missing from deploy/kafka/pom.xml"
    assert services()["kafka"]["image"] == f"apache/kafka:{version}"


def test_kafka_is_configured_like_deploy_kafka_server_properties() -> None:
    env = env_of("kafka")
    props = server_properties()
    # Addresses and paths differ in a container; the listener names must not.
    per_host = {
        "listeners",
        "advertised.listeners",
        "controller.quorum.voters",
        "log.dirs",
        "listener.security.protocol.map",
    }
    for prop, value in props.items():
        if prop not in per_host:
            assert env.get(kafka_env_name(prop)) == value, f"{prop}={value} not mirrored"
    assert listener_names(props["listeners"]) <= listener_names(env["KAFKA_LISTENERS"])
    assert props["auto.create.topics.enable"] == "false"
    mapping = set(env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(props["listener.security.protocol.map"].split(",")) <= mapping
    assert listener_names(env["KAFKA_LISTENERS"]) == {m.split(":")[0] for m in mapping}
    assert any(v.endswith("/var/lib/kafka/data") for v in services()["kafka"]["volumes"])


def test_redis_keeps_an_append_only_log_and_requires_the_password_from_env() -> None:
    command = [str(part) for part in services()["redis"]["command"]]
    assert command[:1] == ["redis-server"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert REQUIRED_REF.match(command[command.index("--requirepass") + 1])
    assert services()["redis"]["image"].split(":")[1].split(".")[0] == "7"


def test_postgres_has_the_user_and_database_that_the_local_database_url_names() -> None:
    default_url = urlsplit(Settings.model_fields["database_url"].default.get_secret_value())
    env = env_of("postgres")
    assert env["POSTGRES_USER"] == default_url.username
    assert env["POSTGRES_DB"] == default_url.path.lstrip("/")
    assert REQUIRED_REF.match(env["POSTGRES_PASSWORD"])


def test_postgres_logs_no_statement_values_as_deploy_postgres_privacy_conf_says() -> None:
    command = [str(part) for part in services()["postgres"]["command"]]
    assert command[0] == "postgres" and command[1::2] == ["-c"] * (len(command) // 2)
    flags = dict(flag.split("=", 1) for flag in command[2::2])
    assert flags == postgres_privacy()
    assert flags["log_min_error_statement"] == "panic"  # the failing statement's values


@pytest.mark.parametrize("name", [*APP_SERVICES, ONE_SHOT])
def test_app_containers_set_only_real_settings_and_every_required_one(name: str) -> None:
    env = env_of(name)
    assert set(env) <= SETTING_NAMES, f"not Settings fields: {set(env) - SETTING_NAMES}"
    assert {
        "KAFKA_BOOTSTRAP_SERVERS",
        "REDIS_URL",
        "DATABASE_URL",
        "ADMIN_TOKEN",
        "JWT_SECRET",
        "SEED_SECRET",
    } <= REQUIRED_SETTINGS
    assert set(env) >= REQUIRED_SETTINGS, f"missing: {REQUIRED_SETTINGS - set(env)}"


@pytest.mark.parametrize("name", [*APP_SERVICES, ONE_SHOT])
def test_app_containers_reach_the_dependencies_by_service_name_not_loopback(name: str) -> None:
    env = env_of(name)
    inter_broker = env_of("kafka")["KAFKA_INTER_BROKER_LISTENER_NAME"]
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == advertised(inter_broker)
    assert env["KAFKA_BOOTSTRAP_SERVERS"].split(":")[0] == "kafka"
    assert urlsplit(filled(env["REDIS_URL"])).hostname == "redis"
    database = urlsplit(filled(env["DATABASE_URL"]))
    assert database.hostname == "postgres"
    assert database.username == env_of("postgres")["POSTGRES_USER"]
    assert database.path.lstrip("/") == env_of("postgres")["POSTGRES_DB"]
    assert (
        database.scheme
        == urlsplit(Settings.model_fields["database_url"].default.get_secret_value()).scheme
    )


def test_no_secret_is_written_literally_every_one_is_a_required_env_reference() -> None:
    checked = 0
    for name, svc in services().items():
        for key, value in env_of(name).items():
            if SECRET_KEY.search(key) or key in SECRET_SETTINGS:
                secret = url_password(value) if "://" in value else value
                assert secret is not None and REQUIRED_REF.match(secret), f"{name}: {key}"
                checked += 1
        for part in map(str, svc.get("command") or []):
            password = url_password(part)
            assert password is None or REQUIRED_REF.match(password), name
    assert checked >= 4 * len(SECRET_SETTINGS) + 2
    text = (ROOT / "docker-compose.yml").read_text()
    local_env = ROOT / ".env"
    if local_env.is_file():  # the generated secrets, where `make up` has run
        for line in local_env.read_text().splitlines():
            key, _, value = line.partition("=")
            if not key.startswith("#") and SECRET_KEY.search(key) and len(value) >= 8:
                assert value not in text, f"the value of {key} is written in docker-compose.yml"


def test_compose_interpolates_only_variables_that_make_env_writes_or_that_have_defaults() -> None:
    written = set(make_env_names())
    text = (ROOT / "docker-compose.yml").read_text()
    refs = ANY_REF.findall(text)
    assert refs, "docker-compose.yml reads nothing from .env"
    for name, modifier in refs:
        assert name in written or modifier.startswith((":-", "-")), name
        if SECRET_KEY.search(name):
            assert modifier.startswith((":?", "?")) or not modifier, f"{name} has a default"


def test_env_example_lists_exactly_what_make_env_writes_with_placeholder_secrets() -> None:
    assert sorted(env_example_names()) == sorted(make_env_names())
    assert len(env_example_names()) == len(set(env_example_names()))
    example = dict(
        re.findall(r"^([A-Z_][A-Z0-9_]*)=(.*)$", (ROOT / ".env.example").read_text(), re.M)
    )
    for key, value in example.items():
        if SECRET_KEY.search(key) or key in SECRET_SETTINGS:
            assert "change-me" in value, key
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_published_ports_bind_loopback_only() -> None:
    published = 0
    for name, svc in services().items():
        for port in svc.get("ports", []):
            if isinstance(port, dict):
                assert port.get("host_ip") == "127.0.0.1", f"{name}: {port}"
            else:
                assert str(port).startswith("127.0.0.1:"), f"{name}: {port}"
            published += 1
    assert published >= 1


def test_the_gateway_listens_on_all_container_interfaces_at_the_settings_default_port() -> None:
    port = Settings.model_fields["gateway_port"].default
    env = env_of("gateway")
    assert env["GATEWAY_HOST"] == "0.0.0.0"  # noqa: S104 - inside its container
    assert env["GATEWAY_PORT"] == str(port)
    assert f"127.0.0.1:{port}:{port}" in published_by_default("gateway")
    assert f"127.0.0.1:{port}/healthz" in healthcheck_text("gateway")


def test_metrics_ports_are_the_local_defaults_and_the_workers_healthchecks_use_them() -> None:
    expected = {**DEFAULT_METRICS_PORTS, "gateway": gateway_metrics_port()}
    assert set(expected) == set(APP_SERVICES)
    for name, port in expected.items():
        assert env_of(name).get("METRICS_PORT") == str(port), name
        if name != "gateway":
            assert f"127.0.0.1:{port}/metrics" in healthcheck_text(name), name


def test_every_long_running_service_has_a_healthcheck() -> None:
    running = long_running()
    assert set(APP_SERVICES) | set(DEPENDENCIES) <= set(running)
    assert ONE_SHOT not in running
    for name in running:
        check = services()[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name


def test_services_start_after_init_and_healthy_dependencies_never_after_the_gateway() -> None:
    init_deps = services()[ONE_SHOT]["depends_on"]
    assert {init_deps[d]["condition"] for d in ("kafka", "postgres")} == {"service_healthy"}
    for name in APP_SERVICES:
        deps = services()[name]["depends_on"]
        assert deps[ONE_SHOT]["condition"] == "service_completed_successfully", name
        for dep in DEPENDENCIES:
            assert deps[dep]["condition"] == "service_healthy", f"{name} -> {dep}"
        # /healthz is 503 until every service heartbeats: waiting on it would deadlock.
        assert "gateway" not in deps, name


def test_studies_dir_points_at_the_examples_the_image_copies() -> None:
    steps = dockerfile()
    workdir = [args for ins, args in steps if ins == "WORKDIR"][-1]
    assert any(ins == "COPY" and args.split()[0].rstrip("/") == "examples" for ins, args in steps)
    for name in APP_SERVICES:
        assert env_of(name)["STUDIES_DIR"] == f"{workdir}/examples/studies", name
    assert (ROOT / "examples" / "studies").is_dir()


def test_the_image_has_the_generated_clients_the_gateway_offers_without_node_modules() -> None:
    steps = dockerfile()
    workdir = [args for ins, args in steps if ins == "WORKDIR"][-1]
    assert any(ins == "COPY" and args.split()[0].rstrip("/") == "clients" for ins, args in steps)
    env = [args.split() for ins, args in steps if ins == "ENV"]
    assert any(f"CLIENTS_DIR={workdir}/clients" in words for words in env)
    assert "**/node_modules" in (ROOT / ".dockerignore").read_text().splitlines()


def test_the_dockerfile_uses_python_3_11_slim_as_pyproject_requires() -> None:
    steps = dockerfile()
    base = next(args for ins, args in steps if ins == "FROM").split()[0]
    # FROM ${BASE}: its default is what users build (deploy/compose.local.yml swaps the base).
    defaults = dict(args.split("=", 1) for ins, args in steps if ins == "ARG" and "=" in args)
    base = re.sub(r"^\$\{(\w+)\}$", lambda m: defaults[m.group(1)], base)
    assert base.startswith("python:3.11") and "slim" in base
    assert "3.11" in SpecifierSet(pyproject()["project"]["requires-python"])


def test_the_dockerfile_installs_the_project_from_pyproject() -> None:
    steps = dockerfile()
    copied = " ".join(args for ins, args in steps if ins == "COPY")
    for source in ("pyproject.toml", "libs/", "services/", "examples/", "alembic.ini"):
        assert source in copied, source
    assert any(
        ins == "RUN" and re.search(r"pip install (\S+ )*\.(\s|$)", args) for ins, args in steps
    )


def test_the_dockerfile_runs_as_a_non_root_user() -> None:
    steps = dockerfile()
    users = [i for i, (ins, _) in enumerate(steps) if ins == "USER"]
    assert users, "no USER instruction: the services would run as root"
    user = steps[users[-1]][1].split(":")[0]
    assert user not in ("root", "0")
    starts = [i for i, (ins, _) in enumerate(steps) if ins in ("CMD", "ENTRYPOINT")]
    assert starts and users[-1] < starts[-1], "the process starts before USER takes effect"


def test_the_dockerfile_bakes_in_no_secret_and_starts_the_gateway_by_default() -> None:
    steps = dockerfile()
    for ins, args in steps:
        if ins == "COPY":
            assert ".env" not in args.split() and args.split()[0] != ".", args
        if ins in ("ENV", "ARG"):
            assert not SECRET_KEY.search(args), args
    assert json.loads([args for ins, args in steps if ins == "CMD"][-1]) == [
        "python",
        "-m",
        "gateway",
    ]
    assert any(ins == "HEALTHCHECK" and "/healthz" in args for ins, args in steps)
