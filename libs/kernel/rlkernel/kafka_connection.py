"""How every Kafka client of rl-service connects: the brokers, TLS and the SASL login, from the
KAFKA_* settings. aiokafka's clients take `**client_options(settings)`, FastStream's broker
`security=broker_security(settings)`; tests/unit/test_kafka_connection.py fails on a
client built any other way, so no producer or admin quietly connects without the login."""

from __future__ import annotations

import ssl
from typing import Any

from aiokafka.conn import create_conn
from aiokafka.helpers import create_ssl_context
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from rlkernel.settings import Settings

SASL = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}


class KafkaUnreachable(ConnectionError):
    """No broker accepted a connection made with these settings; the message says why."""


def client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
    return {"bootstrap_servers": settings.kafka_bootstrap_servers, **_security(settings)}


def broker_security(settings: Settings) -> BaseSecurity | None:
    """FastStream's KafkaBroker's `security=`: the same protocol, login and TLS."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return None
    context = ssl_context(settings) if protocol.endswith("SSL") else None
    if settings.kafka_sasl_mechanism is None:  # SSL alone
        return BaseSecurity(ssl_context=context)
    username, password = _login(settings)
    return SASL[settings.kafka_sasl_mechanism](username, password, ssl_context=context)


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """Verifies the brokers' certificates and host names (against KAFKA_SSL_CAFILE, else the
    system's CAs) and presents the client certificate, if one is set."""
    context: ssl.SSLContext = create_ssl_context(
        cafile=settings.kafka_ssl_cafile,
        certfile=settings.kafka_ssl_certfile,
        keyfile=settings.kafka_ssl_keyfile,
    )
    return context


async def why_unreachable(settings: Settings) -> KafkaUnreachable:
    """What the first broker says to one connection made with these settings. aiokafka's
    clients only log each broker's refusal and raise "Unable to bootstrap": a deployer with a
    wrong password should read SaslAuthenticationFailed in the error itself."""
    server = settings.kafka_bootstrap_servers.split(",")[0].strip()
    host, _, port = server.rpartition(":")
    via: str = settings.kafka_security_protocol
    if settings.kafka_sasl_mechanism:
        via += f", {settings.kafka_sasl_mechanism} as {settings.kafka_sasl_username!r}"
    try:
        conn = await create_conn(host, int(port), request_timeout_ms=10_000, **_security(settings))
    except Exception as exc:  # whatever it is, it is the answer
        named = str(exc) if type(exc).__name__ in str(exc) else f"{type(exc).__name__}: {exc}"
        return KafkaUnreachable(f"Kafka at {server} ({via}): {named}")
    conn.close()
    return KafkaUnreachable(f"Kafka at {server} ({via}) refused, then accepted: see aiokafka's log")


def _security(settings: Settings) -> dict[str, Any]:
    """aiokafka's names for the protocol, login and TLS (its connection takes them too)."""
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol.endswith("SSL"):
        options["ssl_context"] = ssl_context(settings)
    if settings.kafka_sasl_mechanism:
        username, password = _login(settings)
        options |= {
            "sasl_mechanism": settings.kafka_sasl_mechanism,
            "sasl_plain_username": username,
            "sasl_plain_password": password,
        }
    return options


def _login(settings: Settings) -> tuple[str, str]:
    # Settings refuses a SASL mechanism without both (Settings._kafka_login_complete).
    password = settings.kafka_sasl_password
    return settings.kafka_sasl_username or "", password.get_secret_value() if password else ""
