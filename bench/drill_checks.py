"""The drill's verdict: every answer the clients got, held against PostgreSQL and the Kafka log
of the deployment's namespace. Lost: an answered decision not stored as answered or not on the
log, an accepted upload neither observed nor dead-lettered. Duplicated: a slot decided or
observed twice, a rid used twice, a slot on the log under two decisions."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, text

from bench.drill_traffic import Ledger, Slot
from rlkernel.topics import Topics
from rlservice.deployment import Deployment
from rlservice.replay.sources import read_log

SAME = ("rid", "seed", "action", "probability")
EXAMPLES = 10  # of each kind of finding, in the results; the counts are whole


@dataclass
class Verdict:
    counts: dict[str, int] = field(default_factory=dict)
    lost: dict[str, list[Any]] = field(default_factory=dict)
    duplicated: dict[str, list[Any]] = field(default_factory=dict)

    def total(self, kind: dict[str, list[Any]]) -> int:
        return sum(len(found) for found in kind.values())

    def summary(self) -> dict[str, Any]:
        return {
            **self.counts,
            "lost": self.total(self.lost),
            "duplicated": self.total(self.duplicated),
            "lost_by_kind": {k: len(v) for k, v in self.lost.items()},
            "duplicated_by_kind": {k: len(v) for k, v in self.duplicated.items()},
            "examples": {k: v[:EXAMPLES] for k, v in {**self.lost, **self.duplicated}.items() if v},
        }


def _rows(dep: Deployment, sql: str) -> list[Any]:
    engine = create_engine(dep.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    finally:
        engine.dispose()


def _repeated(keys: list[Any]) -> list[Any]:
    return [key for key, n in Counter(keys).items() if n > 1]


def verify(dep: Deployment, ledger: Ledger, study: str) -> Verdict:
    stored = _rows(
        dep, "SELECT participant_id, decision_index, rid, seed, action, probability FROM decisions"
    )
    observed = _rows(dep, "SELECT participant_id, decision_index FROM observations")
    letters = _rows(
        dep,
        "SELECT payload->>'participant_id' AS p, payload->>'decision_index' AS i FROM dead_letters",
    )
    logged = asyncio.run(read_log(dep.settings(), Topics(dep.namespace).decisions_made, study))
    record = {(r.participant_id, r.decision_index): r for r in stored}
    on_log: dict[Slot, set[Any]] = defaultdict(set)
    for event in logged:  # a decision published twice (a sweeper) has one event id
        on_log[(event.participant_id, event.decision_index)].add(
            (event.event_id, *(getattr(event, k) for k in SAME))
        )
    dead = {(r.p, int(r.i)) for r in letters if r.p is not None and r.i is not None}
    v = Verdict()
    v.lost["answer not stored"] = [s for s in ledger.decisions if s not in record]
    v.lost["answer stored differently"] = [
        s
        for s, a in ledger.decisions.items()
        if s in record
        and (a["rid"], a["seed"], a["action"], a["action_prob"])
        != tuple(getattr(record[s], k) for k in SAME)
    ]
    v.lost["answer not on the log"] = [
        s
        for s, a in ledger.decisions.items()
        if (a["rid"], a["seed"], a["action"], a["action_prob"])
        not in {e[1:] for e in on_log.get(s, set())}
    ]
    v.lost["upload neither observed nor dead-lettered"] = sorted(
        ledger.uploads - {(r.participant_id, r.decision_index) for r in observed} - dead
    )
    keys = [(r.participant_id, r.decision_index) for r in stored]
    v.duplicated["slot decided twice in the record"] = _repeated(keys)
    v.duplicated["rid used twice in the record"] = _repeated([r.rid for r in stored])
    v.duplicated["slot under two decisions on the log"] = [
        s for s, e in on_log.items() if len(e) > 1
    ]
    v.duplicated["slot observed twice"] = _repeated(
        [(r.participant_id, r.decision_index) for r in observed]
    )
    v.counts = {
        "decisions_answered": len(ledger.decisions),
        "decisions_stored": len(stored),
        "decisions_on_log": len(on_log),
        "stored_but_never_answered": len(set(record) - set(ledger.decisions)),
        "uploads_accepted": len(ledger.uploads),
        "observations": len(observed),
        "dead_letters": len(letters),
    }
    return v
