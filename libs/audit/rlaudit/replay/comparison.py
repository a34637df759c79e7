"""The Kafka log against PostgreSQL: the same decisions, with the same fields, in both."""

from __future__ import annotations

from collections.abc import Iterable

from rlkernel.events import DecisionMade

from .records import Finding

COMPARED_FIELDS = (
    "participant_id",
    "decision_index",
    "rid",
    "seed",
    "action",
    "probability",
    "probabilities",
    "policy_version",
    "fallback",
    "state",
)


def log_vs_db(log: dict[str, DecisionMade], db: dict[str, DecisionMade]) -> list[Finding]:
    """Every decision is in both places, with the same fields."""
    found = [
        Finding("log_vs_db", k, "presence", "in the log", "missing from the database")
        for k in log.keys() - db.keys()
    ]
    found += [
        Finding("log_vs_db", k, "presence", "missing from the log", "in the database")
        for k in db.keys() - log.keys()
    ]
    for k in log.keys() & db.keys():
        a, b = log[k], db[k]
        for name in COMPARED_FIELDS:
            if getattr(a, name) != getattr(b, name):
                found.append(Finding("log_vs_db", k, name, getattr(a, name), getattr(b, name)))
    return found


def unique_events(events: Iterable[DecisionMade]) -> dict[str, DecisionMade]:
    """A decision may be published more than once (same event id): count it once."""
    return {str(e.event_id): e for e in events}
