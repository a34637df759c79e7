"""A pilot reset's reach, checked against the schema: every table that holds a study's rows is
either deleted by a reset or kept on purpose, in an order the foreign keys allow; and replay
leaves out exactly the decisions made before the reset."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from rladapters.pilot import KEPT_TABLES, RESET_TABLES, Live, Reset, announced
from rlaudit.replay import since_reset
from rlkernel.db.models import Base, Participant
from rlkernel.events import DecisionMade

RESET_AT = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_every_table_of_a_study_is_reset_or_kept_on_purpose() -> None:
    with_study = {t.name for t in Base.metadata.tables.values() if "study_id" in t.c}
    reset = {m.__tablename__ for m in RESET_TABLES}
    assert not reset & KEPT_TABLES
    assert with_study == reset | KEPT_TABLES, "a new table: should a pilot reset delete it?"


def test_rows_naming_a_participant_go_before_the_participants() -> None:
    order = [m.__tablename__ for m in RESET_TABLES]
    for model in RESET_TABLES:
        for fk in model.__table__.foreign_keys:
            if fk.column.table.name in order:
                assert order.index(model.__tablename__) < order.index(fk.column.table.name)
    assert Participant in RESET_TABLES


def decided(at: datetime) -> DecisionMade:
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id="oralytics",
        participant_id="p",
        decision_index=0,
        rid=1,
        seed=1,
        action=0,
        probability=0.5,
        policy_version=1,
        algorithm="blr_ts",
        state=[],
        context={},
        recent_rewards=[],
        fallback=False,
        decided_at=at,
        decided_by="decision-1",
    )


def test_replay_leaves_out_the_decisions_made_before_the_reset() -> None:
    before, at, after = (decided(RESET_AT + timedelta(seconds=s)) for s in (-1, 0, 1))
    logged = {str(d.event_id): d for d in (before, at, after)}
    assert list(since_reset(logged, RESET_AT).values()) == [at, after]
    assert since_reset(logged, None) == logged


def test_the_announcements_name_the_change_and_the_phase_after_it() -> None:
    reset = announced(Reset("oralytics", RESET_AT, "admin", {"decisions": 3}))
    assert (reset.change, reset.phase, reset.deleted, reset.changed_at) == (
        "reset",
        "pilot",
        {"decisions": 3},
        RESET_AT,
    )
    live = announced(Live("oralytics", RESET_AT, "admin"))
    assert (live.change, live.phase, live.deleted) == ("live", "live", {})
