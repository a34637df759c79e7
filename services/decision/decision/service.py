"""The decision service: answers action requests from the study's current policy, and records
every decision in PostgreSQL."""

from __future__ import annotations

from functools import partial

from decision.deciding import Decider
from decision.dependencies import Dependencies
from decision.policy_cache import PolicyCache
from decision.recorder import record
from decision.stored_policies import StoredPolicies
from decision.subscribers import subscribe
from rladapters.slots import SlotStore
from rldomain.study import load_studies
from rlkernel.runtime import ServiceRuntime


def build() -> ServiceRuntime:
    rt = ServiceRuntime("decision")
    subscribe(rt.broker, rt.topics, dependencies(rt))
    return rt


def dependencies(rt: ServiceRuntime) -> Dependencies:
    """The real stores behind the handlers, from the runtime's clients."""
    studies = load_studies(rt.settings.studies_dir)
    ns = rt.settings.rls_namespace
    cache = PolicyCache(StoredPolicies(rt.redis, rt.sessions, ns, rt.settings.clock()))
    decider = Decider(
        studies,
        rt.settings.seed_secret.get_secret_value(),
        SlotStore(rt.redis, ns),
        cache,
        rt.publisher,
        rt.instance,
        rt.settings.clock(),
    )
    return Dependencies(
        studies=studies,
        topics=rt.topics,
        decider=decider,
        record=partial(record, rt.sessions, studies),
        participant_cache=rt.redis,
        dead_letter=rt.dead_letter,
        policies=cache,
    )
