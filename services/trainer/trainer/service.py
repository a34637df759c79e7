"""The trainer service: learns from observations in batches and ships policy versions."""

from __future__ import annotations

from rlcommon.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    return ServiceRuntime("trainer")
