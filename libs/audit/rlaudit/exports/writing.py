"""Writing one table in every chosen format at once, from a single pass over its rows.

Each format is written beside its target and renamed at the end, so an analyst never finds a
half file: a failed export leaves the previous files (or none) in place.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import pyarrow as pa

from .columns import Column

AddRow = Callable[[list[Any]], None]
# A format: opened on a path and the table's schema, it takes the cells of one row at a time.
Format = Callable[[Path, Any], AbstractContextManager[AddRow]]


def write_table(
    columns: list[Column], rows: Iterable[Any], targets: dict[str, Path], formats: dict[str, Format]
) -> None:
    schema = pa.schema([(c.name, c.type) for c in columns])
    partial = {fmt: path.with_name(path.name + ".partial") for fmt, path in targets.items()}
    try:
        with ExitStack() as files:
            writers = [
                files.enter_context(formats[fmt](path, schema)) for fmt, path in partial.items()
            ]
            for row in rows:
                values = [c.cell(row) for c in columns]
                for add in writers:
                    add(values)
    except BaseException:
        for path in partial.values():
            path.unlink(missing_ok=True)
        raise
    for fmt, path in targets.items():
        os.replace(partial[fmt], path)
