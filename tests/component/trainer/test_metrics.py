"""The trainer's metrics: failed updates per study, and the version it serves with its age by
the service clock, read at each scrape."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import REGISTRY

from tests.component.trainer.conftest import Trainer
from tests.component.trainer.fakes import WRITTEN


def value(name: str, study: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"study": study})


async def test_a_failed_update_is_counted_and_a_new_version_served_with_its_age(
    trainer: Trainer,
) -> None:
    failures = value("rls_trainer_update_failures_total", "miwaves") or 0.0
    trainer.updates.fail_with = ValueError("state has the wrong length")
    await trainer.request("miwaves")
    assert value("rls_trainer_update_failures_total", "miwaves") == failures + 1

    trainer.updates.fail_with = None
    await trainer.request("miwaves")
    assert value("rls_policy_version", "miwaves") == 2
    age = (trainer.clock.at - WRITTEN).total_seconds()
    assert value("rls_policy_age_seconds", "miwaves") == age
    trainer.clock.at += timedelta(hours=1)  # no update since: the same version grows older
    assert value("rls_policy_age_seconds", "miwaves") == age + 3600
