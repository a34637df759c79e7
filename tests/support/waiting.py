"""Waiting on a condition, never on the clock: poll until it holds, fail with what was awaited."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(probe: Callable[[], T], holds: Callable[[T], bool], timeout: float, what: str) -> T:
    """The first value of `probe()` for which `holds` is true, polled every 0.1 s."""
    deadline = time.monotonic() + timeout
    while not holds(value := probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s (last seen: {value!r})")
        time.sleep(0.1)
    return value
