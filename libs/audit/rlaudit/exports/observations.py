"""The observations table: one row per ingested outcome, its EMA record spread into columns."""

from __future__ import annotations

import pyarrow as pa
from sqlalchemy import Connection, select

from rlkernel.db.models import Observation

from .columns import TIME, Spec, TableRows, fixed_columns
from .json_fields import JsonFields
from .streaming import stream

# observation_id: policy_versions.fit_on names the observation ids each policy was fit on.
HEAD: Spec = (
    ("observation_id", pa.int64()),
    ("study_id", pa.string()),
    ("participant_id", pa.string()),
    ("decision_index", pa.int32()),
    ("rid", pa.int64()),
    ("source", pa.string()),
    ("source_id", pa.string()),
    ("reward", pa.float64()),
    ("ingested_at", TIME),
)


def observations_table(conn: Connection, study_id: str) -> TableRows:
    o = Observation
    record = JsonFields("record", "record_")
    for row in stream(conn, select(o.record).where(o.study_id == study_id)):
        record.see(row.record)
    stmt = (
        select(o.id.label("observation_id"), *[getattr(o, n) for n, _ in HEAD[1:]])
        .add_columns(o.record)
        .where(o.study_id == study_id)
        .order_by(o.participant_id, o.decision_index, o.id)
    )
    return [*fixed_columns(HEAD), *record.columns()], stream(conn, stmt)
