"""A column of an export: its name, its parquet type, and how to read its cell off a row.

Both formats write the same cells, so the conversions that make them agree (UTC times, JSON for
nested values) happen here, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

import pyarrow as pa

TIME = pa.timestamp("us", tz="UTC")
Spec = tuple[tuple[str, Any], ...]  # (column, parquet type) read straight off the row


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
            return as_json(value)  # lists/dicts, and numbers in a column that also holds text
        if self.type == pa.float64():
            return float(value)
        return value


# A table to write: its columns (known before the first row) and its rows, streamed.
TableRows = tuple[list[Column], Iterable[Any]]


def as_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def fixed_columns(spec: Spec) -> list[Column]:
    return [Column(name, type_, attrgetter(name)) for name, type_ in spec]
