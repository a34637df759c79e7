"""The decision service: answers action requests from the study's current policy, and records
every decision in PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from decision.deciding import Decider
from decision.dependencies import Dependencies
from decision.policy_cache import PolicyCache
from decision.stored_policies import StoredPolicies
from decision.subscribers import subscribe
from decision.sweeper import sweep_forever
from rladapters.decision_record import PostgresDecisionRecord
from rladapters.history import RewardHistory
from rladapters.participants import ParticipantCache
from rldomain.study import Study, load_studies
from rlkernel.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    rt = ServiceRuntime("decision")
    studies = load_studies(rt.settings.studies_dir)
    record = PostgresDecisionRecord(
        rt.sessions, studies, ParticipantCache(rt.redis, rt.settings.rls_namespace)
    )
    subscribe(rt.broker, rt.topics, dependencies(rt, studies, record))
    s = rt.settings
    rt.jobs.append(
        partial(
            sweep_forever,
            record,
            rt.publisher,
            timedelta(seconds=s.unlogged_after_seconds),
            s.sweep_every_seconds,
        )
    )
    return rt


def dependencies(
    rt: ServiceRuntime, studies: dict[str, Study], record: PostgresDecisionRecord
) -> Dependencies:
    """The real stores behind the handlers, from the runtime's clients."""
    ns = rt.settings.rls_namespace
    cache = PolicyCache(StoredPolicies(rt.redis, rt.sessions, ns, rt.settings.clock()))
    decider = Decider(
        studies,
        rt.settings.seed_secret.get_secret_value(),
        record,
        cache,
        RewardHistory(rt.redis, ns, rt.sessions),
        rt.publisher,
        rt.instance,
        rt.settings.clock(),
    )
    return Dependencies(
        studies=studies,
        topics=rt.topics,
        decider=decider,
        dead_letter=rt.dead_letter,
        policies=cache,
    )
