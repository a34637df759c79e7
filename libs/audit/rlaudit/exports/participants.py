"""The participants table: one row per participant, their baseline spread into columns (times
and dates, which hold no answers), their dates, current status, and as JSON their status
history and their changes of notification times."""

from __future__ import annotations

import pyarrow as pa
from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rlkernel.db.models import Participant, ParticipantStatusChange

from .columns import TIME, Column, Spec, TableRows, fixed_columns
from .json_fields import JsonFields
from .streaming import stream

HEAD: Spec = (
    ("study_id", pa.string()),
    ("participant_id", pa.string()),
    ("status", pa.string()),
    ("registered_at", TIME),
    ("rl_start_date", pa.date32()),
    ("rl_end_date", pa.date32()),
)
# Written in SQL, in UTC whatever the session's time zone: the same text in every export.
_UTC_TEXT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'


def participants_table(conn: Connection, study_id: str) -> TableRows:
    p, c = Participant, ParticipantStatusChange
    baseline = JsonFields("baseline", "baseline_")
    for row in stream(conn, select(p.baseline).where(p.study_id == study_id)):
        baseline.see(row.baseline)
    change = func.json_build_object(
        "at",
        func.to_char(func.timezone("UTC", c.changed_at), _UTC_TEXT),
        "by",
        c.changed_by,
        "from",
        c.from_status,
        "to",
        c.to_status,
        "note",
        c.note,
    )
    history = (
        select(func.json_agg(aggregate_order_by(change, c.id)))
        .where(c.study_id == p.study_id, c.participant_id == p.participant_id)
        .scalar_subquery()
    )
    columns = [
        *fixed_columns(HEAD),
        *baseline.columns(),
        # Oldest first: [{"at", "by", "from", "to", "note"}, ...]
        Column("status_history", pa.string(), lambda row: row.status_history or []),
        # Oldest first: [{"at", "times", "source", "actor"}, ...] (rladapters.notification_times)
        Column("times_changes", pa.string(), lambda row: row.times_changes or []),
    ]
    stmt = (
        select(
            p.study_id,
            p.participant_id,
            p.status,
            p.created_at.label("registered_at"),
            p.rl_start_date,
            p.rl_end_date,
            p.baseline,
            history.label("status_history"),
            p.times_changes,
        )
        .where(p.study_id == study_id)
        .order_by(p.participant_id)
    )
    return columns, stream(conn, stmt)
