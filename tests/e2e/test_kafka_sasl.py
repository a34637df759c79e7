"""Kafka with a login (docs/production.md, "Kafka: authentication"), on a one-off broker whose
client listeners want PLAIN's login (one user): over SASL_PLAINTEXT the topics are made and the
action path decides and logs with the KAFKA_SASL_* settings; with a wrong password the topics
are refused with the broker's own reason, the services never come up, and no log holds the
password; over SASL_SSL the broker's certificate is checked against KAFKA_SSL_CAFILE."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from rlkernel.events import DecisionMade
from rlkernel.kafka import ensure_topics
from rlkernel.kafka_connection import KafkaUnreachable
from rlkernel.settings import PROJECT_ROOT
from rlkernel.topics import Topics
from tests.support.api import Api, wait_ready
from tests.support.events import announced
from tests.support.infra import Infra
from tests.support.sasl_broker import SaslBroker, sasl_broker
from tests.support.stack import Stack, create_database, drop_database
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SaslBroker]:
    with sasl_broker(tmp_path_factory.mktemp("kafka-sasl")) as broker:
        yield broker


@contextmanager
def stack_on(broker: SaslBroker, infra: Infra, template: str, password: str) -> Iterator[Stack]:
    """A deployment of its own on the SASL broker (its topics go with the broker)."""
    name = f"rls_test_{uuid.uuid4().hex[:8]}"
    url = create_database(infra.database_url, name, template=template)
    stack = Stack(broker.address, infra.redis_url, url, extra_env=broker.env(password))
    try:
        yield stack
    finally:
        stack.stop_all()
        drop_database(infra.database_url, name)


def service_logs(stack: Stack) -> dict[str, str]:
    folder = PROJECT_ROOT / ".rlservice" / "logs" / stack.log_dir
    return {p.name: p.read_text() for p in folder.glob(f"{stack.namespace}-*.log")}


def test_with_the_login_topics_are_made_and_a_decision_is_answered_and_logged(
    kafka: SaslBroker, infra: Infra, template_database: str
) -> None:
    with stack_on(kafka, infra, template_database, kafka.password) as stack:
        specs = Topics(stack.namespace).specs()
        report = asyncio.run(ensure_topics(stack.settings(), specs))
        assert sorted(report.created) == sorted(s.name for s in specs)
        stack.start("gateway")
        stack.start("decision")
        wait_ready(stack)
        api = Api(stack)
        user = api.add_justin_user()
        answer = api.justin_action(user, 0)
        assert answer.status_code == 201, answer.text
        assert answer.json()["fallback"] is False, "decided by the policy, through Kafka"
        rid = answer.json()["rid"]
        wait_for(
            lambda: announced(stack, "decisions_made", DecisionMade),
            lambda made: [d.rid for d in made if d.participant_id == user] == [rid],
            30,
            "the decision on the audit topic",
        )
    logs = service_logs(stack)
    assert logs.keys() == {f"{stack.namespace}-{s}.log" for s in ("gateway", "decision")}
    assert not [name for name, text in logs.items() if kafka.password in text]


def test_a_wrong_password_is_refused_with_the_brokers_reason_and_logged_nowhere(
    kafka: SaslBroker, infra: Infra, template_database: str
) -> None:
    wrong = uuid.uuid4().hex
    with stack_on(kafka, infra, template_database, wrong) as stack:
        with pytest.raises(KafkaUnreachable, match="SaslAuthenticationFailed") as refused:
            asyncio.run(ensure_topics(stack.settings(), Topics(stack.namespace).specs()))
        assert wrong not in str(refused.value) and "as 'rls'" in str(refused.value)
        stack.start("gateway")
        stack.start("decision")
        # Each keeps trying (Kafka may be away for maintenance): seen once both were refused.
        wait_for(
            lambda: service_logs(stack),
            lambda logs: len(logs) == 2 and all("SaslAuthentication" in t for t in logs.values()),
            30,
            "both services refused by the broker",
        )
        health = stack.health()
        assert health["dependencies"]["kafka"]["status"] != "ok", health
        assert health["services"]["decision"]["status"] == "down", health
    assert not [name for name, text in service_logs(stack).items() if wrong in text]


def test_over_tls_the_broker_is_verified_against_the_ca_given(kafka: SaslBroker) -> None:
    specs = [Topics(f"t{uuid.uuid4().hex[:10]}").reply_spec("tls")]
    trusted = kafka.settings(tls=True)
    assert asyncio.run(ensure_topics(trusted, specs)).created == [specs[0].name]
    # Without KAFKA_SSL_CAFILE the system's CAs are asked: none signed this broker.
    untrusted = trusted.model_copy(update={"kafka_ssl_cafile": None})
    with pytest.raises(KafkaUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
        asyncio.run(ensure_topics(untrusted, specs))
