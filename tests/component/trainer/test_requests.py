"""An update on request: the request is finished with the version, or as failed with why."""

from __future__ import annotations

from rlkernel.events import PolicyUpdated
from tests.component.fakes import FakePublisher
from tests.component.trainer.conftest import Trainer
from tests.component.trainer.fakes import Run


async def test_an_update_request_succeeds_and_finishes_with_the_new_version(
    trainer: Trainer,
) -> None:
    event = await trainer.request("justin")
    assert trainer.updates.runs == [Run("justin", "request", False)]
    [finished] = trainer.requests.finished
    assert finished.event == event
    assert (finished.status, finished.version, finished.reason) == ("succeeded", 2, None)


async def test_a_request_with_nothing_new_finishes_with_the_current_version(
    trainer: Trainer,
) -> None:
    trainer.updates.nothing_new = True
    await trainer.request("justin")
    [finished] = trainer.requests.finished
    assert (finished.status, finished.version) == ("succeeded", 1)
    assert trainer.publisher.events == [], "no new version, nothing to announce"


async def test_a_failing_update_finishes_the_request_as_failed_and_the_next_still_runs(
    trainer: Trainer,
) -> None:
    trainer.updates.fail_with = ValueError("state has the wrong length")
    await trainer.request("justin")
    trainer.updates.fail_with = None
    await trainer.request("justin")
    failed, succeeded = trainer.requests.finished
    assert (failed.status, failed.version) == ("failed", None)
    assert failed.reason == "ValueError: state has the wrong length"
    assert (succeeded.status, succeeded.version) == ("succeeded", 2)


async def test_a_request_for_an_unknown_study_fails_saying_so(trainer: Trainer) -> None:
    await trainer.request("nosuch")
    [finished] = trainer.requests.finished
    assert finished.status == "failed" and finished.reason == "ValueError: unknown study 'nosuch'"
    assert trainer.updates.runs == []


async def test_a_new_version_is_put_in_redis_and_published_as_policy_updated(
    trainer: Trainer, publisher: FakePublisher
) -> None:
    await trainer.request("miwaves")
    assert trainer.policies.current["miwaves"].version == 2
    [event] = publisher.of(PolicyUpdated)
    assert isinstance(event, PolicyUpdated)
    assert (event.study_id, event.policy_version, event.parent_version, event.algorithm) == (
        "miwaves",
        2,
        1,
        "rebandit",
    )


async def test_a_request_while_frozen_finishes_without_a_version_saying_frozen(
    trainer: Trainer,
) -> None:
    trainer.updates.frozen.add("justin")
    await trainer.request("justin")
    [finished] = trainer.requests.finished
    assert (finished.status, finished.version, finished.reason) == ("succeeded", 1, "frozen")
    assert trainer.publisher.events == [] and trainer.policies.current == {}


async def test_a_new_version_while_pinned_is_published_but_redis_keeps_the_pinned_one(
    trainer: Trainer, publisher: FakePublisher
) -> None:
    trainer.updates.pinned["miwaves"] = 1
    await trainer.request("miwaves")
    published = [e for e in publisher.of(PolicyUpdated) if isinstance(e, PolicyUpdated)]
    assert [e.policy_version for e in published] == [2]
    assert trainer.policies.current["miwaves"].version == 1
