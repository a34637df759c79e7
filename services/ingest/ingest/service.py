"""The ingest service: pulls and stores a window's EMA data when the window closes."""

from __future__ import annotations

from rlcommon.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    return ServiceRuntime("ingest")
