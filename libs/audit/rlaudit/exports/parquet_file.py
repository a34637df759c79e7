"""The parquet format: typed columns, written in row groups of BATCH rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .streaming import BATCH
from .writing import AddRow


@contextmanager
def parquet_rows(path: Path, schema: Any) -> Iterator[AddRow]:
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as parquet:

        def add(values: list[Any]) -> None:
            batch.append(dict(zip(schema.names, values, strict=True)))
            if len(batch) >= BATCH:
                parquet.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                batch.clear()

        yield add
        if batch:  # only when every row arrived: a failed export writes no last group
            parquet.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
