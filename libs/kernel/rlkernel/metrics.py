"""The Prometheus metrics more than one service writes, their `study` label, and where every
service serves its metrics (docs/design.md, "Metrics").

A label's values must stay few, or Prometheus drowns: a `study` label takes only the ids of
the study files (`StudyLabels`), never whatever a request or a message says.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, start_http_server

from rldomain.study import Study, load_studies
from rlkernel.events import DecisionMade
from rlkernel.settings import Settings

UNKNOWN = "unknown"  # a study id that no study file has
NO_STUDY = "none"  # a request or message that names no study

DECISIONS = Counter(
    "rls_decisions_total",
    "Decisions stored (one per slot), by how the probability was chosen: policy, warmup or "
    "fallback",
    ["study", "outcome"],
)
FALLBACKS = Counter(
    "rls_decision_fallbacks_total",
    "Decisions stored with the study's fallback, by cause: no_state (decision service), "
    "timeout, event_log_unavailable (gateway)",
    ["study", "cause"],
)
TREATMENT_PROBABILITY = Histogram(
    "rls_decision_treatment_probability",
    "The probability of action 1 of each decision stored",
    ["study"],
    buckets=tuple(round(0.05 * i, 2) for i in range(1, 21)),
)
DEAD_LETTERS = Counter(
    "rls_dead_letters_total",
    "Dead letters written, by the service, the topic the message came from and its study",
    ["service", "topic", "study"],
)


class StudyLabels:
    """A study id as a label value: itself if a study file has it, else `unknown`."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.known = frozenset(ids)

    @classmethod
    def of(cls, studies_dir: Path) -> StudyLabels:
        return cls(load_studies(studies_dir))

    def __call__(self, study_id: object) -> str:
        if study_id is None:
            return NO_STUDY
        return study_id if isinstance(study_id, str) and study_id in self.known else UNKNOWN


def count_decision(study: Study, decision: DecisionMade, cause: str | None = None) -> None:
    """A decision the record stored (a repeated slot's answer is not counted again); `cause`
    names a fallback's reason in a word (its `fallback_reason` is a sentence)."""
    if decision.fallback:
        outcome = "fallback"
        FALLBACKS.labels(study.id, cause or "other").inc()
    elif study.warmup_probabilities(decision.decision_index) is not None:
        outcome = "warmup"
    else:
        outcome = "policy"
    DECISIONS.labels(study.id, outcome).inc()
    TREATMENT_PROBABILITY.labels(study.id).observe(decision.probability)


def serve_metrics(settings: Settings, port: int, registry: CollectorRegistry = REGISTRY) -> None:
    """/metrics on its own port, never the API's: on METRICS_HOST, loopback unless a
    deployment (compose, Kubernetes) needs Prometheus to reach it from elsewhere."""
    start_http_server(port, addr=settings.metrics_host, registry=registry)
