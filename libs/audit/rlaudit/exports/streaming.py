"""Reading a study's rows in batches, so a large study is never held in memory at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select

BATCH = 5_000  # rows per server-side fetch and per parquet row group


def stream(conn: Connection, stmt: Select[Any]) -> Iterable[Any]:
    # yield_per: a server-side cursor.
    return conn.execute(stmt.execution_options(yield_per=BATCH))
