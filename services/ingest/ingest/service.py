"""The ingest service: when a window closes, pull its EMA data from the study's backend, check
it against our decisions, store it once, and publish each observation."""

from __future__ import annotations

import asyncio
from datetime import datetime

import httpx
from faststream import AckPolicy
from prometheus_client import Counter
from pydantic import ValidationError

from ingest.backend import PullFailed, pull
from ingest.records import EmaRecord
from ingest.storing import Candidate, Outcome, Unrecorded, store, window_status
from rladapters.history import RewardHistory
from rladapters.slots import SlotStore
from rldomain.study import Study, load_studies
from rlkernel.events import DataUploaded, ObservationIngested, WindowClosed
from rlkernel.runtime import ServiceRuntime
from rlkernel.secrets import secret

WINDOWS = Counter("rls_ingest_windows_total", "Closed windows processed, by result", ["result"])
WindowSpan = tuple[int, datetime, datetime]


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


def build() -> ServiceRuntime:
    rt = ServiceRuntime("ingest")
    studies = load_studies(rt.settings.studies_dir)
    history = RewardHistory(rt.redis, rt.settings.rls_namespace)
    slots = SlotStore(rt.redis, rt.settings.rls_namespace)
    http = httpx.AsyncClient()

    async def store_checked(
        study: Study,
        participant_id: str,
        candidates: list[Candidate],
        window: WindowSpan | None,
        problems: list[str],
    ) -> Outcome:
        """Stores the records. If a decision they answer is claimed but not recorded yet, waits
        a moment and fails the message so Kafka redelivers it; nothing is stored meanwhile."""
        try:
            return await asyncio.to_thread(
                store, rt.sessions, study, participant_id, candidates, window, problems
            )
        except Unrecorded as exc:
            for c in exc.candidates:
                claim = await slots.get(study.id, participant_id, c.decision_index)
                if claim is not None and c.rid in (None, claim.decision.rid):
                    await asyncio.sleep(0.5)
                    raise  # on its way to PostgreSQL: retry the whole message
            return await asyncio.to_thread(
                store, rt.sessions, study, participant_id, candidates, window, problems, True
            )

    async def publish(
        study: Study, participant_id: str, outcome: Outcome, source: str, payload: dict[str, object]
    ) -> None:
        for s in sorted(outcome.stored, key=lambda s: s.decision_index):
            await history.append(study.id, participant_id, s.reward)
            await rt.publisher.publish(
                ObservationIngested(
                    study_id=study.id,
                    participant_id=participant_id,
                    decision_index=s.decision_index,
                    rid=s.rid,
                    reward=s.reward,
                    observation_id=s.observation_id,
                )
            )
        if outcome.problems:
            await rt.dead_letter(
                source_topic=source,
                reason="; ".join(outcome.problems),
                payload=payload,
                key=participant_id,
            )
        WINDOWS.labels("failed" if outcome.problems else "ok").inc()

    @rt.broker.subscriber(
        rt.topics.windows_closed,
        group_id=rt.topics.group("ingest"),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_window_closed(event: WindowClosed) -> None:
        study = studies.get(event.study_id)
        if study is None or study.ema_endpoint is None:
            await rt.dead_letter(
                source_topic=rt.topics.windows_closed,
                reason=f"study {event.study_id!r} has no EMA endpoint",
                payload=event.model_dump(mode="json"),
                key=event.participant_id,
            )
            return
        slot = (event.study_id, event.participant_id, event.decision_index)
        if await asyncio.to_thread(window_status, rt.sessions, *slot) == "pulled":
            return  # a repeated close, or a redelivery: pulled once already
        candidates: list[Candidate] = []
        problems: list[str] = []
        try:
            ema = await pull(
                http,
                study.ema_endpoint,
                secret(study.ema_endpoint.token_env),
                event.participant_id,
                event.start_time,
                event.end_time,
                rt.settings.ema_pull_attempts,
                rt.settings.ema_retry_wait_max,
            )
            candidates, problems = parse(ema)
        except PullFailed as exc:
            problems = [str(exc)]
        window = (event.decision_index, event.start_time, event.end_time)
        outcome = await store_checked(study, event.participant_id, candidates, window, problems)
        await publish(
            study,
            event.participant_id,
            outcome,
            rt.topics.windows_closed,
            event.model_dump(mode="json"),
        )

    @rt.broker.subscriber(
        rt.topics.data_uploaded,
        group_id=rt.topics.group("ingest-upload"),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_data_uploaded(event: DataUploaded) -> None:
        study = studies[event.study_id]
        r = event.record
        candidate = Candidate(
            "upload",
            str(event.event_id),
            r,
            int(r["action"]),
            float(r["action_prob"]),
            event.decision_index,
        )
        outcome = await store_checked(study, event.participant_id, [candidate], None, [])
        ids = {
            "study_id": event.study_id,
            "participant_id": event.participant_id,
            "decision_index": event.decision_index,
            "event_id": str(event.event_id),
        }
        await publish(study, event.participant_id, outcome, rt.topics.data_uploaded, ids)

    return rt
