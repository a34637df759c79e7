"""The ingest service: the real dependencies of its handlers, subscribed on the runtime's broker."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import httpx

from ingest.backend import EmaBackend
from ingest.dependencies import IngestDeps
from ingest.outbox import Outbox, sweep_forever
from ingest.storing import StoredRecords
from ingest.subscribers import subscribe
from ingest.sweep import WindowSweep
from ingest.unclosed import UnclosedWindowStore
from rladapters.history import RewardHistory
from rladapters.participant_store import ParticipantStore
from rldomain.study import load_studies
from rlkernel.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    rt = ServiceRuntime("ingest")
    namespace = rt.settings.rls_namespace
    clock = rt.settings.clock()
    records = StoredRecords(rt.sessions, clock.now)
    outbox = Outbox(rt.sessions)
    studies = load_studies(rt.settings.studies_dir)
    deps = IngestDeps(
        studies=studies,
        topics=rt.topics,
        publisher=rt.publisher,
        history=RewardHistory(rt.redis, namespace, rt.sessions),
        pull=EmaBackend(
            httpx.AsyncClient(), rt.settings.ema_pull_attempts, rt.settings.ema_retry_wait_max
        ),
        store=records.store,
        window_status=records.window_status,
        dead_letter=rt.dead_letter,
        mark_published=outbox.mark_published,
        change_times=ParticipantStore(rt.sessions, rt.redis, namespace, clock.now).change_times,
        now=clock.now,
    )
    subscribe(rt.broker, rt.topics, deps)
    s = rt.settings
    rt.jobs.append(
        partial(
            sweep_forever,
            outbox,
            rt.publisher,
            timedelta(seconds=s.unlogged_after_seconds),
            s.sweep_every_seconds,
        )
    )
    if s.window_sweep_every_seconds:
        unclosed = UnclosedWindowStore(rt.sessions)
        expired = WindowSweep(studies, unclosed, rt.publisher, clock.now)
        rt.jobs.append(partial(expired.forever, s.window_sweep_every_seconds))
    return rt
