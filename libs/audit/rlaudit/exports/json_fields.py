"""Flattening a JSON object column (a decision's context, an EMA record, a policy's fit_on) into
one export column per key, typed by the values seen under that key across the whole study."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from .columns import Column

INT64 = (-(2**63), 2**63 - 1)


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


class JsonFields:
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
