"""A pulled window's `ema_data` to candidates, refusing malformed records by field name."""

from __future__ import annotations

from pydantic import ValidationError

from ingest.candidates import Candidate
from ingest.records import EmaRecord


def parse(ema: dict[str, object]) -> tuple[list[Candidate], list[str]]:
    """Validated candidates, one per rid, and the problems of the rest (field names only)."""
    candidates: dict[int, Candidate] = {}
    problems = []
    for ema_id, raw in ema.items():
        try:
            record = EmaRecord.model_validate(raw)
        except ValidationError as exc:
            fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
            problems.append(f"record {ema_id}: invalid or missing {', '.join(fields)}")
            continue
        if record.rid in candidates:  # the backend sent it twice: store it once
            continue
        candidates[record.rid] = Candidate(
            "pull",
            str(ema_id),
            record.model_dump(mode="json"),
            record.action_taken,
            record.act_prob,
            record.decision_index,
            rid=record.rid,
        )
    return list(candidates.values()), problems
