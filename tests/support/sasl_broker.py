"""A one-off Kafka broker that wants a login: deploy/infra.sh's single KRaft broker (its jars,
deploy/kafka/server.properties, its log4j settings) whose client listeners are SASL_PLAINTEXT
and SASL_SSL (a certificate for 127.0.0.1 from a throwaway CA), mechanism PLAIN, one user in
the listeners' JAAS config; its own ports and data directory, a 512 MB heap, stopped at the
end."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from rlkernel.kafka_connection import client_options
from rlkernel.settings import PROJECT_ROOT, Settings
from rlservice.deployment import free_port
from tests.support.certificates import issue
from tests.support.waiting import wait_for

KAFKA_DIR = PROJECT_ROOT / ".rlservice" / "kafka"
DEPLOY_KAFKA = PROJECT_ROOT / "deploy" / "kafka"
JVM = ["-Xms256m", "-Xmx512m", f"-Dlog4j2.configurationFile={DEPLOY_KAFKA / 'log4j2.yaml'}"]
PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule"


@dataclass(frozen=True)
class SaslBroker:
    address: str  # SASL_PLAINTEXT
    tls_address: str  # SASL_SSL
    ca: Path  # the CA that signed the broker's certificate
    username: str
    password: str
    log: Path

    def env(self, password: str | None = None, tls: bool = False) -> dict[str, str]:
        """The settings of a service that logs in (with `password`, if given, instead)."""
        login = {
            "KAFKA_SASL_MECHANISM": "PLAIN",
            "KAFKA_SASL_USERNAME": self.username,
            "KAFKA_SASL_PASSWORD": password or self.password,
        }
        if tls:
            return login | {
                "KAFKA_BOOTSTRAP_SERVERS": self.tls_address,
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "KAFKA_SSL_CAFILE": str(self.ca),
            }
        return login | {
            "KAFKA_BOOTSTRAP_SERVERS": self.address,
            "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        }

    def settings(self, password: str | None = None, tls: bool = False) -> Settings:
        values = self.env(password, tls).items()
        return Settings.model_validate({k.lower(): v for k, v in values})

    def answers(self) -> bool:
        async def probe() -> None:
            admin = AIOKafkaAdminClient(**client_options(self.settings()), request_timeout_ms=3000)
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


def jars() -> str:
    """The classpath deploy/bootstrap.sh downloaded (lib.sh's `libs-*[!l]`: not a partial one)."""
    found = sorted(p for p in KAFKA_DIR.glob("libs-*") if not p.name.endswith("l"))
    if not found:
        raise RuntimeError(f"no Kafka jars in {KAFKA_DIR}: run deploy/bootstrap.sh")
    return f"{found[0]}/*"


def properties(folder: Path, broker: SaslBroker, cport: int, keystore: Path) -> str:
    port, tls_port = broker.address.split(":")[1], broker.tls_address.split(":")[1]
    local = (DEPLOY_KAFKA / "server.properties").read_text()
    local = local.replace("@DATA@", str(folder / "data"))
    local = local.replace("@PORT@", port).replace("@CPORT@", str(cport))
    props = dict(
        line.split("=", 1) for line in local.splitlines() if line and not line.startswith("#")
    )
    clients = f"SASL_PLAINTEXT://127.0.0.1:{port},SASL_SSL://127.0.0.1:{tls_port}"
    jaas = (
        f'{PLAIN_LOGIN} required username="{broker.username}" password="{broker.password}"'
        f' user_{broker.username}="{broker.password}";'
    )
    props |= {
        "listeners": f"{clients},CONTROLLER://127.0.0.1:{cport}",
        "advertised.listeners": clients,
        "listener.security.protocol.map": (
            "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT"
        ),
        # The broker talks to itself through the plain listener, as the one user.
        "inter.broker.listener.name": "SASL_PLAINTEXT",
        "sasl.enabled.mechanisms": "PLAIN",
        "sasl.mechanism.inter.broker.protocol": "PLAIN",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config": jaas,
        "listener.name.sasl_ssl.plain.sasl.jaas.config": jaas,
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": str(keystore),
    }
    return "".join(f"{key}={value}\n" for key, value in props.items())


@contextmanager
def sasl_broker(folder: Path) -> Iterator[SaslBroker]:
    ca, server = issue(folder)
    broker = SaslBroker(
        f"127.0.0.1:{free_port()}",
        f"127.0.0.1:{free_port()}",
        ca.cert,
        "rls",
        uuid.uuid4().hex,
        folder / "kafka.log",
    )
    config = folder / "server.properties"
    config.write_text(properties(folder, broker, free_port(), server.key_and_cert))
    # A KRaft cluster id: 16 random bytes, base64url without padding (StorageTool random-uuid).
    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
    classpath = ["java", *JVM, "-cp", jars()]
    with broker.log.open("ab") as out:
        subprocess.run(
            [*classpath, "kafka.tools.StorageTool", "format", "-c", str(config), "-t", cluster_id],
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        proc = subprocess.Popen(
            [*classpath, "kafka.Kafka", str(config)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for(broker.answers, bool, 90, "the SASL broker answering a login")
        yield broker
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
