"""Ingest's handlers: when a window closes, pull its EMA data from the study's backend, check
it against our decisions, store it once, and publish each observation; uploads skip the pull."""

from __future__ import annotations

from prometheus_client import Counter

from ingest.backend import PullFailed
from ingest.candidates import Candidate, Outcome
from ingest.dependencies import IngestDeps
from ingest.ema_times import follow_times
from ingest.parsing import parse
from rldomain.study import Study
from rlkernel.events import DataUploaded, ObservationIngested, WindowClosed

WINDOWS = Counter(
    "rls_ingest_windows_total", "Closed windows processed, by result", ["study", "result"]
)


async def on_window_closed(event: WindowClosed, deps: IngestDeps) -> None:
    source = deps.topics.windows_closed
    study = deps.studies.get(event.study_id)
    if study is None or study.ema_endpoint is None:
        await deps.dead_letter(
            source_topic=source,
            reason=f"study {event.study_id!r} has no EMA endpoint",
            payload=event.model_dump(mode="json"),
            key=event.participant_id,
        )
        return
    window = event.window
    if await deps.window_status(event.study_id, event.participant_id, window.index) == "pulled":
        return  # a repeated close, or a redelivery: pulled once already
    candidates: list[Candidate] = []
    problems: list[str] = []
    try:
        ema = await deps.pull(study.ema_endpoint, event.participant_id, window)
        candidates, problems = parse(ema)
    except PullFailed as exc:
        problems = [str(exc)]
    await follow_times(deps, study, event.participant_id, window, candidates)
    outcome = await deps.store(study, event.participant_id, candidates, window, problems)
    payload = event.model_dump(mode="json")
    await publish(deps, study, event.participant_id, outcome, source, payload)


async def on_data_uploaded(event: DataUploaded, deps: IngestDeps) -> None:
    study = deps.studies[event.study_id]
    r = event.record
    candidate = Candidate(
        "upload",
        str(event.event_id),
        r,
        int(r["action"]),
        float(r["action_prob"]),
        event.decision_index,
    )
    outcome = await deps.store(study, event.participant_id, [candidate], None, [])
    ids = {
        "study_id": event.study_id,
        "participant_id": event.participant_id,
        "decision_index": event.decision_index,
        "event_id": str(event.event_id),
    }
    await publish(deps, study, event.participant_id, outcome, deps.topics.data_uploaded, ids)


async def publish(
    deps: IngestDeps,
    study: Study,
    participant_id: str,
    outcome: Outcome,
    source: str,
    payload: dict[str, object],
) -> None:
    """Each stored observation in slot order (then marked published: what is not, the sweeper
    publishes), the participant's recent rewards re-read, what was refused dead-lettered."""
    stored = sorted(outcome.stored, key=lambda s: s.decision_index)
    for s in stored:
        await deps.publisher.publish(
            ObservationIngested(
                study_id=study.id,
                participant_id=participant_id,
                decision_index=s.decision_index,
                rid=s.rid,
                reward=s.reward,
                observation_id=s.observation_id,
            )
        )
    if stored:
        await deps.mark_published([s.observation_id for s in stored])
        await deps.history.refresh(study.id, participant_id)
    if outcome.problems:
        await deps.dead_letter(
            source_topic=source,
            reason="; ".join(outcome.problems),
            payload=payload,
            key=participant_id,
        )
    WINDOWS.labels(study.id, "failed" if outcome.problems else "ok").inc()
