"""The system of record. Alembic migrations in db/migrations follow these models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Sequence,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rldomain.schedule import Window

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[float]: JSON}


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Client(Base):
    """A caller of the API. `is_admin` manages clients and roles deployment-wide; what a client
    may do in a study is its roles there (ClientRole). A disabled client can neither log in nor
    use a token issued before `tokens_valid_after`."""

    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, server_default="false")
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tokens_valid_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


STUDY_ROLES = ("backend", "analyst", "operator")


class ClientRole(Base):
    """One role of one client in one study: backend, analyst or operator."""

    __tablename__ = "client_roles"
    __table_args__ = (CheckConstraint("role IN ('backend', 'analyst', 'operator')", name="role"),)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = _created()


class AuditEntry(Base):
    """Who did what, when, in which study. Append-only: the database refuses UPDATE, DELETE
    and TRUNCATE (migration 0006). Details hold ids and names, never participants' answers."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = _created()
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    study_id: Mapped[str | None] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[dict[str, Any]]


class Participant(Base):
    __tablename__ = "participants"
    study_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    participant_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[dict[str, Any]]
    rl_start_date: Mapped[date | None] = mapped_column(Date)
    rl_end_date: Mapped[date | None] = mapped_column(Date)
    # Changes of the notification times after registration, oldest first (migration 0011).
    times_changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, server_default="[]")
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ParticipantStatusChange(Base):
    """One change of a participant's life-cycle: registration (from None), the moves their
    decisions make, and the staff's (an end after review carries its note). Never updated."""

    __tablename__ = "participant_status_changes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["study_id", "participant_id"],
            ["participants.study_id", "participants.participant_id"],
        ),
        Index("ix_participant_status_changes_study_id", "study_id", "participant_id", "id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    participant_id: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[str | None] = mapped_column(String(40))
    to_status: Mapped[str] = mapped_column(String(40))
    changed_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = _created()


RID_SEQUENCE = Sequence("decision_rids")


class Decision(Base):
    """Exactly one row per (study, participant, decision index): the unique key enforces it."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("study_id", "participant_id", "decision_index", name="uq_decisions_slot"),
        ForeignKeyConstraint(
            ["study_id", "participant_id"],
            ["participants.study_id", "participants.participant_id"],
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # Assigned by the record, never by a cache: a rid is never reused, whatever Redis loses.
    rid: Mapped[int] = mapped_column(
        BigInteger, RID_SEQUENCE, server_default=RID_SEQUENCE.next_value(), unique=True
    )
    study_id: Mapped[str] = mapped_column(String(100))
    participant_id: Mapped[str] = mapped_column(String(200))
    decision_index: Mapped[int] = mapped_column(Integer)
    request_id: Mapped[UUID]
    event_id: Mapped[UUID] = mapped_column(unique=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[int] = mapped_column(SmallInteger)
    probability: Mapped[float] = mapped_column(Float)  # P(action 1), for any number of actions
    # Every action's probability when the study has three or more; NULL for a binary study's.
    probabilities: Mapped[list[float] | None] = mapped_column(ARRAY(Float))
    policy_version: Mapped[int] = mapped_column(Integer)
    algorithm: Mapped[str] = mapped_column(String(40))
    state: Mapped[list[float]]
    context: Mapped[dict[str, Any]]
    recent_rewards: Mapped[list[float]]
    fallback: Mapped[bool] = mapped_column(Boolean)
    fallback_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = _created()
    # When its decisions.made event was seen on the log; NULL: not yet (a sweeper publishes it).
    logged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PolicyVersion(Base):
    """Immutable once written: a new policy is a new row naming its parent."""

    __tablename__ = "policy_versions"
    study_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_version: Mapped[int | None] = mapped_column(Integer)
    algorithm: Mapped[str] = mapped_column(String(40))
    params: Mapped[bytes] = mapped_column(LargeBinary)
    hyperparameters: Mapped[dict[str, Any]]
    fit_on: Mapped[dict[str, Any]]
    code_version: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = _created()


class PolicyControl(Base):
    """One change of a study's policy controls, with the state it leaves: whether learning is
    frozen (the trainer writes no version) and the version pinned (served instead of the
    newest). The newest row per study is its state; none: not frozen, nothing pinned."""

    __tablename__ = "policy_controls"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100), index=True)
    # freeze | unfreeze | pin | unpin, or reset: a pilot reset left the study unfrozen, unpinned
    change: Mapped[str] = mapped_column(String(20))
    frozen: Mapped[bool] = mapped_column(Boolean)
    pinned_version: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = _created()


class UpdateExclusion(Base):
    """Observations that updates from now on leave out: a participant's, a range of decision
    indexes, decisions made within [from_time, to_time), or where all the criteria given meet.
    What a version was already fit on stays; a version names the last exclusion it applied
    (fit_on["exclusions_upto"]) so that replay leaves out the same."""

    __tablename__ = "update_exclusions"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100), index=True)
    participant_id: Mapped[str | None] = mapped_column(String(200))
    from_index: Mapped[int | None] = mapped_column(Integer)
    to_index: Mapped[int | None] = mapped_column(Integer)  # inclusive
    from_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    to_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # exclusive
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class DeadLetter(Base):
    """A message retrying could not fix, where it was, and whether an operator re-drove it."""

    __tablename__ = "dead_letters"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[UUID] = mapped_column(unique=True)
    source_topic: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(300))
    # The message: its decoded JSON, or its raw text when it is not JSON.
    payload: Mapped[Any] = mapped_column(JSON, nullable=False)
    source_partition: Mapped[int | None] = mapped_column(Integer)
    source_offset: Mapped[int | None] = mapped_column(BigInteger)
    # The study its message names, if any: that study's operators see the letter.
    study_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = _created()
    # Set once, before the payload is published again: a dead letter is re-driven at most once.
    redriven_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    redriven_by: Mapped[str | None] = mapped_column(String(200))


class WindowRecord(Base):
    """A closed decision window and the state of pulling its EMA data: never lost, pulled once."""

    __tablename__ = "windows"
    study_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    participant_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    decision_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))  # pending | pulled | failed
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)
    # "backend": a close call (or a re-pull); "sweep": nobody closed it, ingest's sweep did.
    closed_by: Mapped[str] = mapped_column(String(20), server_default="backend")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    @property
    def window(self) -> Window:
        return Window(self.decision_index, self.start_time, self.end_time)


class Observation(Base):
    """One outcome record, linked to the decision it answers; stored once per slot."""

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint(
            "study_id", "participant_id", "decision_index", name="uq_observations_slot"
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    participant_id: Mapped[str] = mapped_column(String(200))
    decision_index: Mapped[int] = mapped_column(Integer)
    rid: Mapped[int] = mapped_column(BigInteger, index=True)
    source: Mapped[str] = mapped_column(String(20))  # pull | upload
    source_id: Mapped[str | None] = mapped_column(String(200))  # the backend's EMA id
    record: Mapped[dict[str, Any]]
    reward: Mapped[float] = mapped_column(Float)
    # The service clock's, as decided_at (a timeline on a simulation's clock stays in order);
    # recorded_at is the database's, for the sweeper's real-time wait (migration 0016).
    ingested_at: Mapped[datetime] = _created()
    recorded_at: Mapped[datetime] = _created()
    # When observations.ingested was published; NULL: not yet (ingest's sweeper publishes it).
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UpdateRequest(Base):
    __tablename__ = "update_requests"
    update_id: Mapped[UUID] = mapped_column(primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    callback_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # processing | succeeded | failed
    reason: Mapped[str | None] = mapped_column(Text)
    policy_version: Mapped[int | None] = mapped_column(Integer)
    callback_status: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = _created()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UpdateTrigger(Base):
    """A scheduled update's period, claimed in the transaction of the update that serves it
    (trainer.triggers): however many trainers run, one update per period."""

    __tablename__ = "update_triggers"
    study_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)  # "posterior:2026-03-02"
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the service clock's


class StudyPhase(Base):
    """A study's phase: `pilot` until an admin marks it `live`, which is for good (migration
    0012 refuses the way back). No row: pilot. `last_reset_at` is the service clock's time of
    the latest pilot reset: replay leaves out what the log holds from before it."""

    __tablename__ = "study_phases"
    __table_args__ = (CheckConstraint("phase IN ('pilot', 'live')", name="phase"),)
    study_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    phase: Mapped[str] = mapped_column(String(10), server_default="pilot")
    live_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    live_by: Mapped[str | None] = mapped_column(String(200))
    last_reset_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RevokedToken(Base):
    """A logged-out token until it expires: kept here, so losing Redis revives no token."""

    __tablename__ = "revoked_tokens"
    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime] = _created()


class CheckResultRow(Base):
    """A health check's result (rldomain.monitoring): a row per change of status, the newest
    per check refreshed in place while its status holds, so the table stays bounded."""

    __tablename__ = "check_results"
    __table_args__ = (
        CheckConstraint("status IN ('green', 'yellow', 'red')", name="status"),
        Index("ix_check_results_study_id", "study_id", "check", "id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    check: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # first seen at this status
    evaluated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Incident(Base):
    """A check that turned yellow or red: open until it is green again (closed_at). An operator
    may mark it resolved with a note, open or closed. One open incident per check."""

    __tablename__ = "incidents"
    __table_args__ = (
        CheckConstraint("severity IN ('yellow', 'red')", name="severity"),
        Index(
            "uq_incidents_open",
            "study_id",
            "check",
            unique=True,
            postgresql_where="closed_at IS NULL",
        ),
        Index("ix_incidents_study_id", "study_id", "id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    check: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class RefusedVersion(Base):
    """A fitted posterior the sanity gate refused (rldomain.monitoring.posterior): never written
    as a version, never served. Its provenance is kept as a version's would be (parent, the
    observations it was fit on with the trigger, code version) with the gate's cause."""

    __tablename__ = "refused_versions"
    __table_args__ = (Index("ix_refused_versions_study_id", "study_id", "refused_at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    parent_version: Mapped[int] = mapped_column(Integer)
    algorithm: Mapped[str] = mapped_column(String(40))
    cause: Mapped[str] = mapped_column(Text)
    fit_on: Mapped[dict[str, Any]]
    code_version: Mapped[str] = mapped_column(String(80))
    refused_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SlotConflict(Base):
    """A second randomization of a decided slot whose action disagreed with the stored one: the
    record refused it (the stored decision stands), and the duplicate_decisions check counts
    it. One row per slot and drafting service, so a retried request adds none."""

    __tablename__ = "slot_conflicts"
    __table_args__ = (
        UniqueConstraint(
            "study_id", "participant_id", "decision_index", "drafted_by", name="uq_slot_conflicts"
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    participant_id: Mapped[str] = mapped_column(String(200))
    decision_index: Mapped[int] = mapped_column(Integer)
    drafted_by: Mapped[str] = mapped_column(String(100))
    drafted_action: Mapped[int] = mapped_column(SmallInteger)
    stored_rid: Mapped[int] = mapped_column(BigInteger)
    seen_at: Mapped[datetime] = _created()


class AuditRun(Base):
    """A scheduled audit's outcome (`rlservice replay --study S --record`, run by cron or a
    Kubernetes CronJob: services may not import the replay), read by the replay_audit health
    check. The first mismatch is named by ids only: its slot, or the policy version re-fit."""

    __tablename__ = "audit_runs"
    __table_args__ = (Index("ix_audit_runs_study_id", "study_id", "ran_at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100))
    ran_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the service clock's
    decisions: Mapped[int] = mapped_column(Integer)
    policy_versions: Mapped[int] = mapped_column(Integer)
    mismatches: Mapped[int] = mapped_column(Integer)
    first_participant_id: Mapped[str | None] = mapped_column(String(200))
    first_decision_index: Mapped[int | None] = mapped_column(Integer)
    first_policy_version: Mapped[int | None] = mapped_column(Integer)
    code_version: Mapped[str] = mapped_column(String(80))
    ok: Mapped[bool] = mapped_column(Boolean)
