"""The decision service: answers action requests from the study's current policy, and records
every decision in PostgreSQL."""

from __future__ import annotations

import asyncio

from faststream import AckPolicy

from decision.deciding import Decider
from decision.policy_cache import PolicyCache
from decision.recorder import record
from rladapters.participants import cache_key
from rladapters.slots import SlotStore
from rldomain.study import load_studies
from rlkernel.events import ActionRequested, DecisionMade, PolicyUpdated
from rlkernel.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    rt = ServiceRuntime("decision")
    studies = load_studies(rt.settings.studies_dir)
    ns = rt.settings.rls_namespace
    cache = PolicyCache(rt.redis, rt.sessions, ns, rt.settings.clock())
    decider = Decider(
        studies,
        rt.settings.seed_secret.get_secret_value(),
        SlotStore(rt.redis, ns),
        cache,
        rt.publisher,
        rt.instance,
        rt.settings.clock(),
    )

    # Offsets are committed after the batch is answered; an error re-delivers the batch, and
    # answering is idempotent (a claimed slot is answered from its claim).
    @rt.broker.subscriber(
        rt.topics.actions_requested,
        group_id=rt.topics.group("decision"),
        batch=True,
        max_records=200,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_action_requested(requests: list[ActionRequested]) -> None:
        known = [r for r in requests if r.study_id in studies]
        for unknown in (r for r in requests if r.study_id not in studies):
            await rt.dead_letter(
                source_topic=rt.topics.actions_requested,
                reason=f"unknown study {unknown.study_id!r}",
                payload=unknown.model_dump(mode="json"),
                key=unknown.participant_id,
            )
        await asyncio.gather(*(decider.answer(r) for r in known))

    @rt.broker.subscriber(
        rt.topics.decisions_made,
        group_id=rt.topics.group("decision-recorder"),
        batch=True,
        max_records=500,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_decision_made(decisions: list[DecisionMade]) -> None:
        recorded = await asyncio.to_thread(record, rt.sessions, studies, decisions)
        if recorded.moved:  # the gateway's cached copies are stale now
            await rt.redis.delete(*(cache_key(ns, s, p) for s, p in recorded.moved))
        for c in (
            recorded.conflicts
        ):  # two different decisions for one slot: must never happen; keep both
            await rt.dead_letter(
                source_topic=rt.topics.decisions_made,
                reason="a different decision holds this slot or rid",
                payload=c.model_dump(mode="json"),
                key=c.participant_id,
            )

    # Every replica needs every policy change: no consumer group, start from now.
    @rt.broker.subscriber(rt.topics.policies_updated, auto_offset_reset="latest")
    async def on_policy_updated(event: PolicyUpdated) -> None:
        cache.invalidate(event.study_id)

    return rt
