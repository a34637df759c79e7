"""Sending an update's callback: checked before every attempt, sent to the address checked,
signed (verified here by the reference Standard Webhooks library), never redirected, and
reported to the caller as "delivered" or "failed", no more."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from ipaddress import ip_address
from unittest.mock import ANY

import httpx
import pytest
import standardwebhooks
import structlog

from rldomain.study import Study
from rlkernel.callback_targets import CallbackTargets, IPAddress
from rlkernel.events import UpdateRequested
from rlkernel.webhooks import signing_key
from trainer.callbacks import Callbacks, deliver

SECRET = "whsec_" + base64.b64encode(b"component-test-key-32-bytes-long").decode()
PUBLIC, OTHER_PUBLIC = "93.184.215.14", "93.184.215.15"
URL = "https://hooks.example.org:8443/done?token=do-not-log"


class Receiver:
    """Answers each request with the next status; records what reached it."""

    def __init__(self, *statuses: int) -> None:
        self.statuses: Iterator[int] = iter(statuses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = next(self.statuses)
        headers = {"location": "http://169.254.169.254/latest"} if status == 302 else {}
        return httpx.Response(status, headers=headers)


class Resolver:
    """The host's addresses, one answer per call (the last repeated): DNS can change."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)

    async def __call__(self, host: str) -> list[IPAddress]:
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return [ip_address(answer)]


def callbacks(study: Study, receiver: Receiver, resolver: Resolver) -> Callbacks:
    listing = study.callbacks.model_copy(update={"allowed_hosts": ("hooks.example.org",)})
    return Callbacks(
        http=httpx.AsyncClient(transport=httpx.MockTransport(receiver)),
        studies={study.id: study.model_copy(update={"callbacks": listing})},
        targets=CallbackTargets(resolve=resolver),
        key=signing_key(SECRET),
        wait_max_seconds=0,
    )


def requested(study: Study) -> UpdateRequested:
    return UpdateRequested(
        update_id=uuid.uuid4(),
        study_id=study.id,
        requested_at=datetime.now(UTC),
        callback_url=URL,
    )


@pytest.fixture
def study(studies: dict[str, Study]) -> Study:
    return studies["justin"]


async def test_a_callback_is_signed_and_sent_to_the_checked_address_under_its_own_host(
    study: Study,
) -> None:
    receiver = Receiver(200)
    event = requested(study)
    assert await deliver(callbacks(study, receiver, Resolver(PUBLIC)), event, "succeeded") == (
        "delivered"
    )
    [sent] = receiver.requests
    assert sent.url.host == PUBLIC and sent.url.port == 8443
    assert sent.headers["host"] == "hooks.example.org:8443"
    assert sent.extensions["sni_hostname"] == "hooks.example.org"
    body = standardwebhooks.Webhook(SECRET).verify(sent.content, dict(sent.headers))
    # JustIn's words in the body; "succeeded" stays our stored status.
    assert body == {"status": "completed", "update_id": str(event.update_id), "timestamp": ANY}
    assert sent.headers["webhook-id"] == str(event.update_id)


async def test_every_retry_carries_the_same_webhook_id_and_its_own_valid_signature(
    study: Study,
) -> None:
    receiver = Receiver(500, 503, 200)
    event = requested(study)
    outcome = await deliver(callbacks(study, receiver, Resolver(PUBLIC)), event, "failed")
    assert outcome == "delivered"
    assert {r.headers["webhook-id"] for r in receiver.requests} == {str(event.update_id)}
    for sent in receiver.requests:
        body = standardwebhooks.Webhook(SECRET).verify(sent.content, dict(sent.headers))
        assert body["status"] == "failed"


async def test_a_receiver_that_keeps_failing_is_reported_as_failed_without_why(
    study: Study,
) -> None:
    receiver = Receiver(*[500] * 5)
    event = requested(study)
    with structlog.testing.capture_logs() as logs:
        outcome = await deliver(callbacks(study, receiver, Resolver(PUBLIC)), event, "succeeded")
    assert outcome == "failed" and len(receiver.requests) == 5
    [warning] = [entry for entry in logs if entry["event"] == "callback_failed"]
    assert warning["update_id"] == str(event.update_id) and warning["why"] == "HTTPStatusError"
    assert "do-not-log" not in repr(logs)


async def test_a_redirect_is_not_followed(study: Study) -> None:
    receiver = Receiver(*[302] * 5)
    outcome = await deliver(
        callbacks(study, receiver, Resolver(PUBLIC)), requested(study), "succeeded"
    )
    assert outcome == "failed"
    assert {r.url.host for r in receiver.requests} == {PUBLIC}


async def test_a_host_now_resolving_to_a_private_address_gets_nothing(study: Study) -> None:
    # Public when the gateway checked and for the first attempt; then the name moved.
    receiver = Receiver(500, 200)
    resolver = Resolver(PUBLIC, "169.254.169.254")
    with structlog.testing.capture_logs() as logs:
        outcome = await deliver(callbacks(study, receiver, resolver), requested(study), "failed")
    assert outcome == "failed"
    assert [r.url.host for r in receiver.requests] == [PUBLIC]
    assert [e["why"] for e in logs if e["event"] == "callback_failed"] == [
        "callback_address_not_allowed"
    ]


async def test_a_study_that_no_longer_lists_the_host_gets_nothing(study: Study) -> None:
    receiver = Receiver(200)
    sender = callbacks(study, receiver, Resolver(OTHER_PUBLIC))
    unlisted = {study.id: study}  # the shipped justin study lists only 127.0.0.1
    outcome = await deliver(
        Callbacks(sender.http, unlisted, sender.targets, sender.key), requested(study), "failed"
    )
    assert outcome == "failed" and receiver.requests == []
