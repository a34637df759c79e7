"""What a replay leaves out: a pilot study's decisions from before its latest reset.

A reset deletes the pilot's decisions and policy versions from PostgreSQL, but the decisions
topic keeps every event forever; the versions they name no longer exist, or exist again with
other parameters. The reset's time is read once the study's writers were locked out, so every
decision stored before it was made before it, and every later one after it (both on the
service clock: rladapters.pilot)."""

from __future__ import annotations

from datetime import datetime

from rlkernel.events import DecisionMade


def since_reset(
    decisions: dict[str, DecisionMade], reset_at: datetime | None
) -> dict[str, DecisionMade]:
    """The decisions made at or after `reset_at` (all of them: never reset)."""
    if reset_at is None:
        return decisions
    return {k: d for k, d in decisions.items() if d.decided_at >= reset_at}
