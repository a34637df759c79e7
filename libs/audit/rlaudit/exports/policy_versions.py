"""The policy_versions table: one row per version, what it was fit on, never its parameters."""

from __future__ import annotations

import pyarrow as pa
from sqlalchemy import Connection, select

from rlkernel.db.models import PolicyVersion

from .columns import TIME, Column, Spec, TableRows, as_json, fixed_columns
from .json_fields import JsonFields
from .streaming import stream

HEAD: Spec = (
    ("study_id", pa.string()),
    ("version", pa.int32()),
    ("parent_version", pa.int32()),
    ("algorithm", pa.string()),
    ("code_version", pa.string()),
    ("created_at", TIME),
)


def policy_versions_table(conn: Connection, study_id: str) -> TableRows:
    pv = PolicyVersion
    fit = JsonFields("fit_on", "fit_")
    for row in stream(conn, select(pv.fit_on).where(pv.study_id == study_id)):
        fit.see(row.fit_on)
    columns = [
        *fixed_columns(HEAD),
        Column("hyperparameters", pa.string(), lambda row: as_json(row.hyperparameters)),
        *fit.columns(),
    ]
    # params is never selected: the blob stays in the database.
    stmt = (
        select(*[getattr(pv, n) for n, _ in HEAD], pv.hyperparameters, pv.fit_on)
        .where(pv.study_id == study_id)
        .order_by(pv.version)
    )
    return columns, stream(conn, stmt)
