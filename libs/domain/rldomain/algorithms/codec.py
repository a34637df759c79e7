"""Lossless, pickle-free serialisation of Params.

One .npz archive: every array under a generated name, plus a JSON skeleton (stored as a uint8
array) that holds the dict structure and the scalars with type tags. Arrays keep their dtype and
bytes exactly; floats survive JSON because Python writes the shortest round-tripping repr.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np

_META = "__meta__"


def _encode_value(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"params keys must be str, got {key!r}")
            out[key] = _encode_value(item, arrays)
        return out
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise TypeError("object arrays would need pickle; use numeric or str arrays")
        name = f"a{len(arrays)}"
        arrays[name] = value
        return ["a", name]
    if value is None:
        return ["n", None]
    if isinstance(value, bool | np.bool_):
        return ["b", bool(value)]
    if isinstance(value, int | np.integer):
        return ["i", int(value)]
    if isinstance(value, float | np.floating):
        return ["f", float(value)]
    if isinstance(value, str):
        return ["s", value]
    raise TypeError(f"unsupported params value of type {type(value).__name__}")


def _decode_value(node: Any, arrays: Any) -> Any:
    if isinstance(node, dict):
        return {key: _decode_value(item, arrays) for key, item in node.items()}
    tag, value = node
    if tag == "a":
        return np.asarray(arrays[value])
    if tag == "f":
        return float(value)
    if tag == "i":
        return int(value)
    if tag == "b":
        return bool(value)
    if tag in ("s", "n"):
        return value
    raise ValueError(f"unknown tag {tag!r} in params blob")


def encode_params(params: dict[str, Any]) -> bytes:
    arrays: dict[str, np.ndarray] = {}
    skeleton = _encode_value(params, arrays)
    meta = json.dumps(skeleton, separators=(",", ":"), allow_nan=True).encode()
    buffer = io.BytesIO()
    # Uncompressed: the payload is mostly float64, which barely compresses, and speed matters.
    np.savez(buffer, allow_pickle=False, **arrays, **{_META: np.frombuffer(meta, np.uint8)})
    return buffer.getvalue()


def decode_params(blob: bytes) -> dict[str, Any]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
        skeleton = json.loads(archive[_META].tobytes().decode())
        decoded = _decode_value(skeleton, archive)
    if not isinstance(decoded, dict):
        raise ValueError("params blob does not hold a dict")
    return decoded
