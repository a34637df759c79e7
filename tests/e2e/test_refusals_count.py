"""Where a study's every-N count starts, read from the real PostgreSQL record: after the
observations the served version was fit on, or after those of a newer refused fit on top of it,
so a study whose data keeps blowing the posterior up is refused once per N observations rather
than on every batch (trainer.triggers, rladapters.update_triggers)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rladapters.update_triggers import counted_from
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.db.models import PolicyVersion, RefusedVersion
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e
NOW = datetime(2026, 11, 30, tzinfo=UTC)


def version(number: int, up_to: int) -> PolicyVersion:
    return PolicyVersion(
        study_id="bandit",
        version=number,
        parent_version=number - 1 or None,
        algorithm="blr_ts",
        params=b"",
        hyperparameters={},
        fit_on={"to_observation_id": up_to},
        code_version="test",
        created_at=NOW,
    )


def refused(parent: int, up_to: int) -> RefusedVersion:
    return RefusedVersion(
        study_id="bandit",
        parent_version=parent,
        algorithm="blr_ts",
        cause="blown up",
        fit_on={"to_observation_id": up_to},
        code_version="test",
        refused_at=NOW,
    )


def test_the_count_restarts_after_a_refusal_of_the_served_version_only(stack: Stack) -> None:
    sessions = make_sessionmaker(make_engine(stack.settings()))
    with sessions.begin() as session:
        session.add_all([version(1, 0), version(2, 10)])
    with sessions() as session:
        assert counted_from(session, "bandit", None) == 0
        served = session.get(PolicyVersion, ("bandit", 2))
        assert counted_from(session, "bandit", served) == 10
    with sessions.begin() as session:
        session.add_all([refused(1, 8), refused(2, 14), refused(2, 19)])
    with sessions() as session:
        served = session.get(PolicyVersion, ("bandit", 2))
        assert counted_from(session, "bandit", served) == 19  # the newest refusal on top of it
        first = session.get(PolicyVersion, ("bandit", 1))
        assert counted_from(session, "bandit", first) == 8
