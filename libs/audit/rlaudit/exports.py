"""Analyst exports of one study: decisions, observations and policy versions as CSV and parquet.

Rows are health data: nothing here prints or logs a value.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, Select, and_, select
from sqlalchemy.engine import Engine

from rlkernel.db.models import Decision, Observation, Participant, PolicyVersion

FORMATS = ("csv", "parquet")
BATCH = 5_000  # rows per server-side fetch and per parquet row group
INT64 = (-(2**63), 2**63 - 1)
TIME = pa.timestamp("us", tz="UTC")

Spec = tuple[tuple[str, Any], ...]  # (column, parquet type) read straight off the row
DECISION_HEAD: Spec = (
    ("study_id", pa.string()),
    ("participant_id", pa.string()),
    ("decision_index", pa.int32()),
    ("rid", pa.int64()),
    ("decided_at", TIME),
    ("action", pa.int16()),
    ("probability", pa.float64()),
    # Seeds are 63-bit: int64 in parquet; in CSV the exact decimal digits, since spreadsheet
    # tools mangle big ints (rounded to a double on open): analysts should read it as text.
    ("seed", pa.int64()),
    ("policy_version", pa.int32()),
    ("algorithm", pa.string()),
    ("fallback", pa.bool_()),
    ("fallback_reason", pa.string()),
)
DECISION_TAIL: Spec = (
    ("reward", pa.float64()),
    ("observation_source", pa.string()),
    ("ingested_at", TIME),
    ("participant_status", pa.string()),
)
# observation_id: policy_versions.fit_on names the observation ids each policy was fit on.
OBSERVATION_HEAD: Spec = (
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
POLICY_HEAD: Spec = (
    ("study_id", pa.string()),
    ("version", pa.int32()),
    ("parent_version", pa.int32()),
    ("algorithm", pa.string()),
    ("code_version", pa.string()),
    ("created_at", TIME),
)


@dataclass(frozen=True)
class Column:
    name: str
    type: Any  # a pyarrow DataType
    get: Callable[[Any], Any]

    def cell(self, row: Any) -> Any:
        value = self.get(row)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC)  # the session's time zone must not leak into files
        if self.type == pa.string() and not isinstance(value, str):
            return _json(value)  # lists/dicts, and numbers in a column that also holds text
        if self.type == pa.float64():
            return float(value)
        return value


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _fixed(spec: Spec) -> list[Column]:
    return [Column(name, type_, attrgetter(name)) for name, type_ in spec]


def _kind(value: Any) -> str:
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "bool"
    if isinstance(value, int):  # beyond int64, keep the exact digits as text
        return "int" if INT64[0] <= value <= INT64[1] else "text"
    return "float" if isinstance(value, float) else "text"


def _arrow_type(kinds: set[str]) -> Any:
    if kinds == {"bool"}:
        return pa.bool_()
    if kinds == {"int"}:
        return pa.int64()
    if kinds and kinds <= {"int", "float"}:
        return pa.float64()
    return pa.string()  # text, mixed kinds, or never anything but null


class Fields:
    """The keys of a JSON object column, and one parquet type that fits each key's values."""

    def __init__(self, source: str, prefix: str) -> None:
        self.source, self.prefix = source, prefix
        self.kinds: dict[str, set[str]] = {}

    def see(self, obj: Any) -> None:
        for key, value in (obj if isinstance(obj, dict) else {}).items():
            kinds = self.kinds.setdefault(key, set())
            if value is not None:
                kinds.add(_kind(value))

    def columns(self) -> list[Column]:
        return [
            Column(self.prefix + key, _arrow_type(self.kinds[key]), self._getter(key))
            for key in sorted(self.kinds)
        ]

    def _getter(self, key: str) -> Callable[[Any], Any]:
        def get(row: Any) -> Any:
            obj = getattr(row, self.source)
            return obj.get(key) if isinstance(obj, dict) else None

        return get


def _state_at(i: int) -> Callable[[Any], Any]:
    # Fallback decisions store state [] and shorter states are padded: both give null.
    def get(row: Any) -> Any:
        return row.state[i] if isinstance(row.state, list) and i < len(row.state) else None

    return get


def _stream(conn: Connection, stmt: Select[Any]) -> Iterable[Any]:
    # yield_per: a server-side cursor, so a large study is never held in memory at once.
    return conn.execute(stmt.execution_options(yield_per=BATCH))


def _decisions(conn: Connection, study_id: str) -> tuple[list[Column], Iterable[Any]]:
    d, o, p = Decision, Observation, Participant
    # First pass, JSON only: the header (state width, context keys) must be known up front.
    width, context = 0, Fields("context", "context_")
    for row in _stream(conn, select(d.state, d.context).where(d.study_id == study_id)):
        width = max(width, len(row.state) if isinstance(row.state, list) else 0)
        context.see(row.context)
    columns = [
        *_fixed(DECISION_HEAD),
        *[Column(f"state_{i}", pa.float64(), _state_at(i)) for i in range(width)],
        *context.columns(),
        Column("recent_rewards", pa.string(), lambda row: _json(row.recent_rewards)),
        *_fixed(DECISION_TAIL),
    ]
    slot = and_(
        o.study_id == d.study_id,
        o.participant_id == d.participant_id,
        o.decision_index == d.decision_index,
    )
    stmt = (
        select(
            *[getattr(d, name) for name, _ in DECISION_HEAD],
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
    return columns, _stream(conn, stmt)


def _observations(conn: Connection, study_id: str) -> tuple[list[Column], Iterable[Any]]:
    o = Observation
    record = Fields("record", "record_")
    for row in _stream(conn, select(o.record).where(o.study_id == study_id)):
        record.see(row.record)
    stmt = (
        select(o.id.label("observation_id"), *[getattr(o, n) for n, _ in OBSERVATION_HEAD[1:]])
        .add_columns(o.record)
        .where(o.study_id == study_id)
        .order_by(o.participant_id, o.decision_index, o.id)
    )
    return [*_fixed(OBSERVATION_HEAD), *record.columns()], _stream(conn, stmt)


def _policies(conn: Connection, study_id: str) -> tuple[list[Column], Iterable[Any]]:
    pv = PolicyVersion
    fit = Fields("fit_on", "fit_")
    for row in _stream(conn, select(pv.fit_on).where(pv.study_id == study_id)):
        fit.see(row.fit_on)
    columns = [
        *_fixed(POLICY_HEAD),
        Column("hyperparameters", pa.string(), lambda row: _json(row.hyperparameters)),
        *fit.columns(),
    ]
    # params is never selected: the blob stays in the database.
    stmt = (
        select(*[getattr(pv, n) for n, _ in POLICY_HEAD], pv.hyperparameters, pv.fit_on)
        .where(pv.study_id == study_id)
        .order_by(pv.version)
    )
    return columns, _stream(conn, stmt)


TABLES = {"decisions": _decisions, "observations": _observations, "policy_versions": _policies}


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _write(columns: list[Column], rows: Iterable[Any], targets: dict[str, Path]) -> None:
    """Writes each format beside its target and renames at the end: never a half file."""
    schema = pa.schema([(c.name, c.type) for c in columns])
    partial = {fmt: path.with_name(path.name + ".partial") for fmt, path in targets.items()}
    try:
        with ExitStack() as files:
            table = None
            if "csv" in partial:
                out = files.enter_context(partial["csv"].open("w", newline="", encoding="utf-8"))
                table = csv.writer(out)
                table.writerow(schema.names)
            parquet = None
            if "parquet" in partial:
                parquet = files.enter_context(pq.ParquetWriter(partial["parquet"], schema))
            batch: list[dict[str, Any]] = []
            for row in rows:
                values = [c.cell(row) for c in columns]
                if table is not None:
                    table.writerow([_text(v) for v in values])
                if parquet is not None:
                    batch.append(dict(zip(schema.names, values, strict=True)))
                    if len(batch) >= BATCH:
                        parquet.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                        batch.clear()
            if parquet is not None and batch:
                parquet.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
    except BaseException:
        for path in partial.values():
            path.unlink(missing_ok=True)
        raise
    for fmt, path in targets.items():
        os.replace(partial[fmt], path)


def export_study(
    engine: Engine, study_id: str, out_dir: Path, formats: Sequence[str] = FORMATS
) -> dict[str, list[Path]]:
    """Writes out_dir/<study_id>_<table>.<format> for decisions, observations and
    policy_versions; returns {table: [paths]}."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; expected some of {FORMATS}")
    if not study_id or study_id in {".", ".."} or Path(study_id).name != study_id:
        raise ValueError("study_id must be usable as a file name")
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = [f for f in FORMATS if f in formats]
    written: dict[str, list[Path]] = {}
    # One read-only REPEATABLE READ snapshot: the header scans and the row streams see the
    # same rows even while the service keeps writing, and the three tables agree.
    with engine.connect() as conn:
        conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            for table, query in TABLES.items():
                targets = {f: out_dir / f"{study_id}_{table}.{f}" for f in chosen}
                _write(*query(conn, study_id), targets)
                written[table] = list(targets.values())
    return written
