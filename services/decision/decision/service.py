"""The decision service: answers action requests from the study's current policy."""

from __future__ import annotations

from rlcommon.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    return ServiceRuntime("decision")
