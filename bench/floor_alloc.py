"""Floor primitive 5: one allocation, as the decision service drafts it: the slot's seed (an
HMAC) and rldomain's derive (state, clipped probability, draw), on the study's first policy,
the one its algorithm's priors give before any data (what StoredPolicies serves a new study)."""

from __future__ import annotations

import time
from typing import Any

from bench.floor_cpu import Figure, Meter, figure
from rldomain.deciding import derive
from rldomain.policy import Policy
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study, load_studies
from rlkernel.settings import Settings

# A request's fields per study, as its gateway route passes them on.
CONTEXTS: dict[str, dict[str, Any]] = {
    "justin": {"temperature": 21.5},
    "miwaves": {
        "finished_ema": True,
        "activity_question_response": False,
        "app_use_flag": True,
        "cannabis_use": [0, 0, 1],
    },
}
RECENT_REWARDS = [2.0, 3.0, 1.0, 2.0]


def allocate(study: Study, policy: Policy, key: bytes, context: dict[str, Any], i: int) -> None:
    participant = f"p-{i % 1000}"
    seed = slot_seed(key, participant, i)
    derive(study, policy, participant, i, context, RECENT_REWARDS, seed)


def measure_allocation(settings: Settings, count: int) -> list[Figure]:
    studies = load_studies(settings.studies_dir)
    figures = []
    for study_id, context in CONTEXTS.items():
        study = studies[study_id]
        algorithm = str(study.algorithm["name"])
        policy = Policy(study.id, 1, algorithm, study.policy.initial_params())
        key = study_key(settings.seed_secret.get_secret_value(), study.id)
        for i in range(100):  # warm-up: numpy's first calls
            allocate(study, policy, key, context, i)
        latencies = []
        with Meter([]) as meter:
            for i in range(count):
                t = time.perf_counter()
                allocate(study, policy, key, context, i)
                latencies.append((time.perf_counter() - t) * 1000)
        figures.append(
            figure(
                f"allocation, {study.id} ({algorithm})",
                meter.usage,
                count,
                latencies,
                "allocation",
                server=False,
            )
        )
    return figures
