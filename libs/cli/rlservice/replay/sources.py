"""Where a replay reads the record: the decisions topic from its first offset, and the decisions
and policy versions stored in PostgreSQL. The row conversions serve an archive's rows too."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rladapters.record.topics import TopicRecord, dump_topic
from rlaudit.replay import StoredPolicy
from rlkernel.db.models import Decision, PolicyVersion
from rlkernel.events import DecisionMade
from rlkernel.settings import Settings

_DECISION_COLUMNS = [
    c for c in DecisionMade.model_fields if c not in ("schema_version", "occurred_at")
]


async def read_log(settings: Settings, topic: str, study_id: str) -> list[DecisionMade]:
    """Every decision of the study in the log, from the first offset to the current end."""
    return logged_decisions(await dump_topic(settings, topic, study_id))


def logged_decisions(records: Iterable[TopicRecord]) -> list[DecisionMade]:
    return [DecisionMade.model_validate_json(r.value) for r in records if r.value is not None]


def decision_of(row: Decision) -> DecisionMade:
    return DecisionMade.model_validate({c: getattr(row, c) for c in _DECISION_COLUMNS})


def stored_policy_of(row: PolicyVersion) -> StoredPolicy:
    return StoredPolicy(
        row.version,
        row.parent_version,
        row.params,
        row.code_version,
        row.created_at.timestamp(),
        row.fit_on,
    )


def read_db(sessions: sessionmaker[Session], study_id: str) -> list[DecisionMade]:
    with sessions() as session:
        rows = session.scalars(select(Decision).where(Decision.study_id == study_id))
        return [decision_of(r) for r in rows]


def read_policies(sessions: sessionmaker[Session], study_id: str) -> dict[int, StoredPolicy]:
    with sessions() as session:
        rows = session.scalars(select(PolicyVersion).where(PolicyVersion.study_id == study_id))
        return {r.version: stored_policy_of(r) for r in rows}
