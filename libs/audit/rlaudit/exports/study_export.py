"""Exporting a whole study: its four tables, in the chosen formats, from one snapshot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from .columns import TableRows
from .csv_file import csv_rows
from .decisions import decisions_table
from .observations import observations_table
from .parquet_file import parquet_rows
from .participants import participants_table
from .policy_versions import policy_versions_table
from .writing import Format, write_table

WRITERS: dict[str, Format] = {"csv": csv_rows, "parquet": parquet_rows}
FORMATS = tuple(WRITERS)
TABLES: dict[str, Callable[[Connection, str], TableRows]] = {
    "decisions": decisions_table,
    "observations": observations_table,
    "policy_versions": policy_versions_table,
    "participants": participants_table,
}


def export_study(
    engine: Engine, study_id: str, out_dir: Path, formats: Sequence[str] = FORMATS
) -> dict[str, list[Path]]:
    """Writes out_dir/<study_id>_<table>.<format> for decisions, observations,
    policy_versions and participants; returns {table: [paths]}."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; expected some of {FORMATS}")
    if not study_id or study_id in {".", ".."} or Path(study_id).name != study_id:
        raise ValueError("study_id must be usable as a file name")
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = [f for f in FORMATS if f in formats]
    written: dict[str, list[Path]] = {}
    # One read-only REPEATABLE READ snapshot: the header scans and the row streams see the
    # same rows even while the service keeps writing, and the tables agree.
    with engine.connect() as conn:
        conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            for table, rows_of in TABLES.items():
                targets = {f: out_dir / f"{study_id}_{table}.{f}" for f in chosen}
                write_table(*rows_of(conn, study_id), targets, WRITERS)
                written[table] = list(targets.values())
    return written
