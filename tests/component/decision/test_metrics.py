"""The decision service's metrics: each decision it stores counted once, by how its probability
was chosen (policy, warm-up, fallback and the fallback's cause), with that probability."""

from __future__ import annotations

from faststream.kafka import KafkaBroker
from prometheus_client import REGISTRY

from rldomain.policy import Policy
from tests.component.decision.harness import Service, request
from tests.component.decision.test_answering import MIWAVES_CONTEXT

HEARTSTEPS_CONTEXT = {"prior_steps": 250.0, "at_home_or_work": True, "temperature": 18.0}


def counted() -> dict[str, float]:
    def value(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    return {
        "justin policy": value("rls_decisions_total", study="justin", outcome="policy"),
        "justin probabilities": value("rls_decision_treatment_probability_sum", study="justin"),
        "heartsteps warmup": value("rls_decisions_total", study="heartsteps", outcome="warmup"),
        "miwaves policy": value("rls_decisions_total", study="miwaves", outcome="policy"),
        "miwaves fallback": value("rls_decisions_total", study="miwaves", outcome="fallback"),
        "miwaves no_state": value(
            "rls_decision_fallbacks_total", study="miwaves", cause="no_state"
        ),
    }


async def test_each_stored_decision_is_counted_once_by_outcome(
    service: Service, broker: KafkaBroker
) -> None:
    service.policies.serve(Policy("justin", 2, "flat", {"algorithm": "flat", "probability": 0.3}))
    before = counted()
    first = request("justin", decision_index=1)
    retry = request("justin", first.participant_id, decision_index=1)
    warm = request("heartsteps", decision_index=0, context=HEARTSTEPS_CONTEXT)
    fine = request("miwaves", context=MIWAVES_CONTEXT)
    # An entry other than 0 or 1 in cannabis_use makes no MiWaves state (its study file).
    stateless = request("miwaves", context={**MIWAVES_CONTEXT, "cannabis_use": [0, 2]})
    for asked in (first, retry, warm, fine, stateless):
        await broker.publish_batch(asked, topic=service.topics.actions_requested)

    assert len(service.publisher.replies) == 5 and len(service.record.decisions) == 4
    moved = {key: round(value - before[key], 9) for key, value in counted().items()}
    assert moved == {
        "justin policy": 1,  # the retry was answered from the record, not counted again
        "justin probabilities": 0.3,
        "heartsteps warmup": 1,
        "miwaves policy": 1,
        "miwaves fallback": 1,
        "miwaves no_state": 1,
    }
