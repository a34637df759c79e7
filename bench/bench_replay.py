"""Decisions verified per second by replay (a benchmark, not a test).

Builds N synthetic decisions per study exactly as the decision service would (same derive code,
same seeds), then times the Verifier re-deriving all of them, without I/O: the number an audit
of a large trial is bound by once the log is read. Usage: python bench/bench_replay.py [-n 100000]
Writes results/bench_replay.json.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from rlaudit.replay import StoredPolicy, Verifier
from rlaudit.simulation.declared_world import DeclaredWorld
from rldomain.algorithms import encode_params
from rldomain.deciding import derive
from rldomain.policy import Policy, code_version
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study, load_studies
from rlkernel.events import DecisionMade, carried_probabilities
from rlkernel.settings import Settings

RESULTS = Path(__file__).resolve().parents[1] / "results"
SECRET = "bench-secret"  # noqa: S105 - a throwaway key for synthetic decisions


def fields_for(
    study: Study, world: DeclaredWorld | None, pid: str, index: int, rng: random.Random
) -> dict[str, object]:
    if world is not None:  # the study file declares the contexts its participants send
        return world.context(pid, index)
    if study.id == "miwaves":
        finished = rng.random() < 0.6
        return {
            "finished_ema": finished,
            "activity_question_response": rng.random() < 0.5 if finished else "NA",
            "app_use_flag": rng.random() < 0.5,
            "cannabis_use": [rng.randint(0, 1)] * 3,
        }
    return {"temperature": float(rng.randint(10, 30))}


def decisions(study: Study, n: int) -> tuple[list[DecisionMade], dict[int, StoredPolicy]]:
    params = study.policy.initial_params()
    policy = Policy(study.id, 1, str(study.algorithm["name"]), params)
    stored = {1: StoredPolicy(1, None, encode_params(params), code_version(), 0.0, {})}
    key, rng, out = study_key(SECRET, study.id), random.Random(7), []
    people = [f"p{i}" for i in range(max(1, n // 60))]
    world = None
    if study.simulation is not None:
        world = DeclaredWorld(study, participants=len(people), days=1, enrollment_days=1, seed=7)
        people = [p.id for p in world.participants]
    for i in range(n):
        pid, index = people[i % len(people)], i // len(people)
        fields = fields_for(study, world, pid, index, rng)
        rewards = [float(rng.randint(0, 3)) for _ in range(2)]
        seed = slot_seed(key, pid, index)
        d = derive(study, policy, pid, index, fields, rewards, seed)
        out.append(
            DecisionMade(
                request_id=uuid.uuid4(),
                study_id=study.id,
                participant_id=pid,
                decision_index=index,
                rid=i,
                seed=seed,
                action=d.action,
                probability=d.probability,
                probabilities=carried_probabilities(d.probabilities),
                policy_version=1,
                algorithm=policy.algorithm,
                state=list(d.state),
                context=fields,
                recent_rewards=rewards,
                fallback=False,
                decided_at=datetime.now(UTC),
                decided_by="bench",
            )
        )
    return out, stored


def main(n: int) -> dict[str, object]:
    studies = load_studies(Settings().studies_dir)
    rows = {}
    for study in studies.values():
        batch, stored = decisions(study, n)
        verifier = Verifier(study, study_key(SECRET, study.id), stored)
        started = time.perf_counter()
        mismatches = sum(len(verifier.decision(d)) for d in batch)
        seconds = time.perf_counter() - started
        rows[study.id] = {
            "algorithm": study.algorithm["name"],
            "decisions": n,
            "mismatches": mismatches,
            "seconds": round(seconds, 3),
            "decisions_per_second": round(n / seconds),
        }
        print(study.id, rows[study.id], flush=True)
    return {
        "benchmark": "replay_verification",
        "studies": rows,
        "command": f"python bench/bench_replay.py -n {n}",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=100_000)
    result = main(parser.parse_args().n)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_replay.json").write_text(json.dumps(result, indent=2) + "\n")
