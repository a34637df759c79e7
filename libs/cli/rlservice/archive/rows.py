"""A study's tables in an archive: each row as one JSON object a line, keyed by the model's
attribute names, so a row read back is an ORM object (never attached to a session) that the
replay's row conversions (rlservice.replay.sources) read as they read PostgreSQL's.

JSON has no times, dates, bytes or UUIDs: those columns are written as ISO 8601, base64 and
text, and read back by the column's type. Everything else (numbers, text, JSON, arrays) is
JSON already; floats round-trip exactly (Python writes the shortest repr that reads back).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any, TypeVar
from uuid import UUID

from sqlalchemy import Date, DateTime, LargeBinary, Uuid, inspect, select
from sqlalchemy.orm import Session

from rlkernel.db import models as m

# The study's rows an auditor or an analyst needs once the deployment is gone: what replay
# reads (decisions, policy versions, observations and exclusions for the re-fits), who was in
# the trial and when (participants, their status history, their windows), and what operators
# did to it (policy controls, update requests, the audit log, the study's phase), and how it
# went (its health checks' changes of status, its incidents, the posteriors the gate refused,
# its scheduled audits' outcomes).
TABLES: tuple[type[m.Base], ...] = (
    m.Decision,
    m.PolicyVersion,
    m.Observation,
    m.UpdateExclusion,
    m.Participant,
    m.ParticipantStatusChange,
    m.WindowRecord,
    m.PolicyControl,
    m.UpdateRequest,
    m.StudyPhase,
    m.AuditEntry,
    m.CheckResultRow,
    m.Incident,
    m.RefusedVersion,
    m.AuditRun,
)

Row = TypeVar("Row", bound=m.Base)


def table_name(model: type[m.Base]) -> str:
    return str(model.__tablename__)


def _columns(model: type[m.Base]) -> list[tuple[str, Any]]:
    """(attribute name, column type), in the table's order."""
    return [(key, column.type) for key, column in inspect(model).columns.items()]


def encode(value: Any, type_: Any) -> Any:
    if value is None:
        return None
    if isinstance(type_, DateTime | Date):
        return value.isoformat()
    if isinstance(type_, LargeBinary):
        return base64.b64encode(value).decode()
    if isinstance(type_, Uuid):
        return str(value)
    return value


def decode(value: Any, type_: Any) -> Any:
    if value is None:
        return None
    if isinstance(type_, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(type_, Date):
        return date.fromisoformat(value)
    if isinstance(type_, LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(type_, Uuid):
        return UUID(value)
    return value


def study_rows(session: Session, model: type[m.Base], study_id: str) -> Iterator[m.Base]:
    """The study's rows of `model`, in primary-key order, streamed."""
    key = inspect(model).primary_key
    query = select(model).where(model.study_id == study_id).order_by(*key)  # type: ignore[attr-defined]
    return iter(session.scalars(query.execution_options(yield_per=2000)))


def write_rows(model: type[m.Base], rows: Iterable[m.Base], out: IO[bytes]) -> int:
    """Writes one JSON object a line; returns how many."""
    columns, n = _columns(model), 0
    for row in rows:
        line = {key: encode(getattr(row, key), type_) for key, type_ in columns}
        out.write(json.dumps(line, separators=(",", ":"), ensure_ascii=False).encode() + b"\n")
        n += 1
    return n


def read_rows(model: type[Row], src: Iterable[bytes]) -> list[Row]:
    columns = _columns(model)
    rows: list[Row] = []
    for line in src:
        o = json.loads(line)
        rows.append(model(**{key: decode(o.get(key), type_) for key, type_ in columns}))
    return rows
