"""The ingest service: the real dependencies of its handlers, subscribed on the runtime's broker."""

from __future__ import annotations

import httpx

from ingest.backend import EmaBackend
from ingest.dependencies import IngestDeps
from ingest.storing import StoredRecords
from ingest.subscribers import subscribe
from rladapters.history import RewardHistory
from rladapters.slots import SlotStore
from rldomain.study import load_studies
from rlkernel.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    rt = ServiceRuntime("ingest")
    namespace = rt.settings.rls_namespace
    records = StoredRecords(rt.sessions)
    deps = IngestDeps(
        studies=load_studies(rt.settings.studies_dir),
        topics=rt.topics,
        publisher=rt.publisher,
        history=RewardHistory(rt.redis, namespace),
        claims=SlotStore(rt.redis, namespace),
        pull=EmaBackend(
            httpx.AsyncClient(), rt.settings.ema_pull_attempts, rt.settings.ema_retry_wait_max
        ),
        store=records.store,
        window_status=records.window_status,
        dead_letter=rt.dead_letter,
    )
    subscribe(rt.broker, rt.topics, deps)
    return rt
