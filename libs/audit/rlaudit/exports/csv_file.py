"""The CSV format: a header row, then one text row per record, times in ISO 8601."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from .writing import AddRow


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@contextmanager
def csv_rows(path: Path, schema: Any) -> Iterator[AddRow]:
    with path.open("w", newline="", encoding="utf-8") as out:
        table = csv.writer(out)
        table.writerow(schema.names)
        yield lambda values: table.writerow([_text(v) for v in values])
