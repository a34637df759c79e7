"""The KAFKA_* connection settings: what Settings refuses, what aiokafka's clients and
FastStream's broker are given (the same thing), and that no Kafka client is built without them."""

from __future__ import annotations

import ast
import ssl
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka.security import parse_security
from pydantic import ValidationError

from rlkernel.kafka_connection import broker_security, client_options
from rlkernel.settings import PROJECT_ROOT, Settings
from tests.support.certificates import issue

PASSWORD = "kafka-password-that-must-not-show"
LOGIN: dict[str, Any] = {
    "kafka_sasl_mechanism": "SCRAM-SHA-512",
    "kafka_sasl_username": "rl-service",
    "kafka_sasl_password": PASSWORD,
}
CLIENTS = {"AIOKafkaAdminClient", "AIOKafkaProducer", "AIOKafkaConsumer"}
# The replication drill's own three local brokers (deploy/kafka_cluster.sh) are PLAINTEXT by
# construction, and never a deployment's Kafka.
NOT_A_DEPLOYMENTS_KAFKA = {PROJECT_ROOT / "bench" / "drill_cluster.py"}


def settings(**values: Any) -> Settings:
    """What is given here, over the defaults: not .env, nor KAFKA_* from the environment."""
    return Settings(_env_file=None, **values)


@pytest.fixture(autouse=True)
def no_kafka_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        if name.startswith("kafka_"):
            monkeypatch.delenv(name.upper(), raising=False)


@pytest.mark.parametrize(
    ("values", "refusal"),
    [
        ({"kafka_security_protocol": "SASL_SSL"}, "needs KAFKA_SASL_MECHANISM"),
        (
            {**LOGIN, "kafka_security_protocol": "SASL_SSL", "kafka_sasl_password": ""},
            "needs KAFKA_SASL_PASSWORD",
        ),
        (LOGIN, "KAFKA_SECURITY_PROTOCOL must be SASL_"),
        ({"kafka_sasl_username": "rl-service"}, "KAFKA_SECURITY_PROTOCOL must be SASL_"),
        (
            {**LOGIN, "kafka_security_protocol": "SASL_PLAINTEXT", "kafka_ssl_cafile": "ca.pem"},
            "must be SSL or SASL_SSL",
        ),
        (
            {"kafka_security_protocol": "SSL", "kafka_ssl_keyfile": "key.pem"},
            "KAFKA_SSL_KEYFILE is the key of KAFKA_SSL_CERTFILE",
        ),
    ],
)
def test_a_setting_the_protocol_would_ignore_or_lacks_is_refused(
    values: dict[str, str], refusal: str
) -> None:
    with pytest.raises(ValidationError, match=refusal):
        settings(**values)


def test_plain_sends_the_password_so_production_wants_it_inside_tls() -> None:
    plain = LOGIN | {"kafka_sasl_mechanism": "PLAIN", "kafka_security_protocol": "SASL_PLAINTEXT"}
    assert settings(**plain)  # development and the tests' broker
    with pytest.raises(ValidationError, match="PLAIN needs SASL_SSL in production"):
        Settings(_env_file=None, **plain, **production_secrets())
    scram = plain | {"kafka_sasl_mechanism": "SCRAM-SHA-256"}
    assert Settings(_env_file=None, **scram, **production_secrets())


def production_secrets() -> dict[str, Any]:
    real = "x" * 32
    return {
        "rls_env": "production",
        "admin_token": real,
        "jwt_secret": real,
        "seed_secret": real,
        "callback_signing_secret": "whsec_" + "A" * 44,
    }


def test_plaintext_is_the_default_and_adds_nothing() -> None:
    local = settings()
    assert client_options(local) == {
        "bootstrap_servers": local.kafka_bootstrap_servers,
        "security_protocol": "PLAINTEXT",
    }
    assert broker_security(local) is None


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_gives_the_clients_and_the_broker_the_same_login(mechanism: str) -> None:
    chosen = settings(
        **LOGIN | {"kafka_sasl_mechanism": mechanism, "kafka_security_protocol": "SASL_PLAINTEXT"}
    )
    options = client_options(chosen)
    assert options == {
        "bootstrap_servers": chosen.kafka_bootstrap_servers,
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": mechanism,
        "sasl_plain_username": "rl-service",
        "sasl_plain_password": PASSWORD,
    }
    assert faststream_options(chosen) == options | {"ssl_context": None}


def test_tls_verifies_the_brokers_against_the_ca_and_presents_the_client_certificate(
    tmp_path: Path,
) -> None:
    ca, client = issue(tmp_path)
    chosen = settings(
        **LOGIN,
        kafka_security_protocol="SASL_SSL",
        kafka_ssl_cafile=str(ca.cert),
        kafka_ssl_certfile=str(client.key_and_cert),
    )
    context = client_options(chosen)["ssl_context"]
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert [c["subject"] for c in context.get_ca_certs()] == [
        ((("commonName", "rl-service test CA"),),)
    ]
    assert faststream_options(chosen)["security_protocol"] == "SASL_SSL"
    assert isinstance(faststream_options(chosen)["ssl_context"], ssl.SSLContext)
    tls_only = settings(kafka_security_protocol="SSL", kafka_ssl_cafile=str(ca.cert))
    assert faststream_options(tls_only)["security_protocol"] == "SSL"
    assert "sasl_mechanism" not in client_options(tls_only)


def faststream_options(chosen: Settings) -> dict[str, Any]:
    """What FastStream hands its aiokafka producer and consumers for broker_security's object."""
    found = parse_security(broker_security(chosen))
    return {"bootstrap_servers": chosen.kafka_bootstrap_servers, **found}


def test_the_password_is_in_no_printed_setting_nor_in_a_refusal() -> None:
    chosen = settings(**LOGIN, kafka_security_protocol="SASL_SSL")
    assert PASSWORD not in repr(chosen) and PASSWORD not in str(chosen.model_dump())
    with pytest.raises(ValidationError) as refused:
        settings(**LOGIN)  # no SASL protocol
    assert PASSWORD not in str(refused.value)


def calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)]


def called(call: ast.Call) -> str | None:
    """`X` of a call `X(...)` or `module.X(...)`."""
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def passes(call: ast.Call, keyword: str | None, factory: str) -> bool:
    """Whether `call` has `keyword=factory(...)` (`**factory(...)` for None)."""
    return any(
        k.arg == keyword and isinstance(k.value, ast.Call) and called(k.value) == factory
        for k in call.keywords
    )


def test_every_kafka_client_of_the_code_connects_through_the_factory() -> None:
    """A producer, consumer, admin or broker built from KAFKA_BOOTSTRAP_SERVERS alone would
    connect without the login: against a SASL cluster it fails, and only there."""
    broker_factory = PROJECT_ROOT / "libs" / "kernel" / "rlkernel" / "kafka.py"
    found = 0
    for folder in ("libs", "services", "bench"):
        for path in sorted(set((PROJECT_ROOT / folder).rglob("*.py")) - NOT_A_DEPLOYMENTS_KAFKA):
            for call in calls(path):
                where = f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}"
                if called(call) == "KafkaBroker":
                    assert path == broker_factory, f"{where}: use rlkernel.kafka.make_broker"
                    assert passes(call, "security", "broker_security"), where
                    found += 1
                elif called(call) in CLIENTS:
                    assert passes(call, None, "client_options"), f"{where}: **client_options(...)"
                    found += 1
    assert found >= 10, "the scan no longer sees the clients"
