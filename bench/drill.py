"""A fault drill under load ("nothing stops, nothing lost"; a benchmark, not a test).

A deployment of its own (namespace and database) on the local Kafka, Redis and PostgreSQL;
clients send JustIn actions and uploads throughout while, in turn, each service is killed with
SIGKILL and started again, Kafka, Redis and PostgreSQL are each stopped and started, and Redis
is flushed. Then it checks that every answered decision is stored once as answered and is on the
log, every accepted upload is observed or dead-lettered, nothing is doubled, and that a replay
re-derives every decision. Restarting the shared stores disturbs anything else using them.

Needs the local infrastructure (`deploy/infra.sh start`). Usage:
  python bench/drill.py [--seconds 10] [--clients 8] [--participants 64] [--keep]
Writes results/drill.json; prints a table. Exits 1 if anything was lost, doubled or mismatched.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import uuid
from pathlib import Path

# Run as a script, Python puts bench/ on the path, not the project root the drill imports from.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.drill_faults import EVERY_FAULT  # noqa: E402
from bench.drill_report import passed, print_results  # noqa: E402
from bench.drill_run import Plan, run_drill  # noqa: E402
from rlkernel.db.migrate import upgrade  # noqa: E402
from rlkernel.kafka import ensure_topics  # noqa: E402
from rlkernel.topics import Topics  # noqa: E402
from rlservice.deployment import Deployment, create_database, drop_database  # noqa: E402
from rlservice.launcher import SERVICE_NAMES, STATE_DIR  # noqa: E402
from tests.support.infra import provide_infra  # noqa: E402

RESULTS = ROOT / "results"


def main(plan: Plan, keep: bool) -> dict[str, object]:
    with provide_infra() as infra:
        run = uuid.uuid4().hex[:10]
        database = f"rls_drill_{run}"
        url = create_database(infra.database_url, database)
        dep = Deployment(
            infra.kafka, infra.redis_url, url, namespace=f"drill{run}", log_dir="drill"
        )
        try:
            upgrade(dep.settings())
            asyncio.run(ensure_topics(dep.settings(), Topics(dep.namespace).specs()))
            for service in SERVICE_NAMES:
                dep.start(service)
            dep.wait_until(lambda r: r.get("status") == "ok", 120, "the drill's stack healthy")
            results = run_drill(dep, infra, plan, STATE_DIR / "reports" / "drill-replay.json")
        finally:
            for label in list(dep.procs):
                with contextlib.suppress(AssertionError):  # killed if SIGTERM is not enough
                    dep.stop(label)
            if not keep:
                drop_database(infra.database_url, database)
    return {
        "benchmark": "fault_drill",
        "namespace": dep.namespace,
        "database": database if keep else None,
        "clients": plan.clients,
        "participants": plan.participants,
        "seconds_per_phase": plan.seconds,
        **results,
        "command": f"python bench/drill.py --seconds {plan.seconds:g} --clients {plan.clients}"
        f" --participants {plan.participants}",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0, help="of traffic per phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--participants", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="keep the database to look into")
    args = parser.parse_args()
    chosen = Plan(EVERY_FAULT, args.seconds, args.clients, args.participants)
    out = main(chosen, args.keep)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "drill.json").write_text(json.dumps(out, indent=2, default=str) + "\n")
    print_results(out)
    sys.exit(0 if passed(out) else 1)
