"""The decisions table: one row per decision, its state and context spread into columns, joined
with the reward it earned and the participant's status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
from sqlalchemy import Connection, and_, select

from rldomain.algorithms import probability_vector
from rlkernel.db.models import Decision, Observation, Participant

from .columns import TIME, Column, Spec, TableRows, as_json, fixed_columns
from .json_fields import JsonFields
from .streaming import stream

HEAD: Spec = (
    ("study_id", pa.string()),
    ("participant_id", pa.string()),
    ("decision_index", pa.int32()),
    ("rid", pa.int64()),
    ("decided_at", TIME),
    ("action", pa.int16()),
    ("probability", pa.float64()),  # of action 1
)
DRAW: Spec = (
    # Seeds are 63-bit: int64 in parquet; in CSV the exact decimal digits, since spreadsheet
    # tools mangle big ints (rounded to a double on open): analysts should read it as text.
    ("seed", pa.int64()),
    ("policy_version", pa.int32()),
    ("algorithm", pa.string()),
    ("fallback", pa.bool_()),
    ("fallback_reason", pa.string()),
)
TAIL: Spec = (
    ("reward", pa.float64()),
    ("observation_source", pa.string()),
    ("ingested_at", TIME),
    ("participant_status", pa.string()),
)


def _state_at(i: int) -> Callable[[Any], Any]:
    # Fallback decisions store state [] and shorter states are padded: both give null.
    def get(row: Any) -> Any:
        return row.state[i] if isinstance(row.state, list) and i < len(row.state) else None

    return get


def _every_probability(row: Any) -> list[float]:
    # Stored for studies of three or more actions; a binary study's follows from `probability`.
    return list(probability_vector(row.probability, row.probabilities or ()))


def decisions_table(conn: Connection, study_id: str) -> TableRows:
    d, o, p = Decision, Observation, Participant
    # First pass, JSON only: the header (state width, context keys) must be known up front.
    width, context = 0, JsonFields("context", "context_")
    for row in stream(conn, select(d.state, d.context).where(d.study_id == study_id)):
        width = max(width, len(row.state) if isinstance(row.state, list) else 0)
        context.see(row.context)
    columns = [
        *fixed_columns(HEAD),
        Column("probabilities", pa.string(), _every_probability),  # JSON, by action number
        *fixed_columns(DRAW),
        *[Column(f"state_{i}", pa.float64(), _state_at(i)) for i in range(width)],
        *context.columns(),
        Column("recent_rewards", pa.string(), lambda row: as_json(row.recent_rewards)),
        *fixed_columns(TAIL),
    ]
    slot = and_(
        o.study_id == d.study_id,
        o.participant_id == d.participant_id,
        o.decision_index == d.decision_index,
    )
    stmt = (
        select(
            *[getattr(d, name) for name, _ in HEAD + DRAW],
            d.probabilities,
            d.state,
            d.context,
            d.recent_rewards,
            o.reward,
            o.source.label("observation_source"),
            o.ingested_at,
            p.status.label("participant_status"),
        )
        .outerjoin(o, slot)
        .outerjoin(p, and_(p.study_id == d.study_id, p.participant_id == d.participant_id))
        .where(d.study_id == study_id)
        .order_by(d.participant_id, d.decision_index)
    )
    return columns, stream(conn, stmt)
