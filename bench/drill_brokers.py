"""The replication drill: the fault drill's traffic on a three-broker Kafka (replication factor
3, min.insync.replicas 2, acks=all) while one broker is killed with SIGKILL, left down, started
again and, once every partition has its three copies in sync again, another one is.

Starts the cluster (deploy/kafka_cluster.sh, ports 29092-29094) and a deployment of its own on
it (its namespace and database; Redis and PostgreSQL of the local infrastructure: start it with
`deploy/infra.sh start`), sends JustIn actions and uploads throughout, then checks as the fault
drill does (bench/drill_checks.py): every 2xx answer stored once and on the log once, every
accepted upload observed, no slot decided twice, `rlservice replay` exact. Usage:
  python bench/drill_brokers.py [--seconds 10] [--clients 8] [--participants 64] [--down 5]
Writes results/drill_brokers.json; prints a table; exits 1 if anything was lost or doubled.
Stops the cluster at the end unless --keep-cluster.
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

from bench.drill_cluster import BOOTSTRAP, REPLICATION, cluster  # noqa: E402
from bench.drill_faults import Fault  # noqa: E402
from bench.drill_report import passed, print_results  # noqa: E402
from bench.drill_run import Plan, run_drill  # noqa: E402
from rlkernel.db.migrate import upgrade  # noqa: E402
from rlkernel.kafka import ensure_topics  # noqa: E402
from rlkernel.topics import Topics  # noqa: E402
from rlservice.deployment import Deployment, create_database, drop_database  # noqa: E402
from rlservice.launcher import SERVICE_NAMES, STATE_DIR  # noqa: E402
from tests.support.cleanup import delete_namespace_topics  # noqa: E402
from tests.support.infra import provide_infra  # noqa: E402

RESULTS = ROOT / "results"
# One broker, then another once the first is back and caught up: never two down at once.
FAULTS = (Fault("sigkill", "broker 1"), Fault("sigkill", "broker 2"))


def main(plan: Plan) -> dict[str, object]:
    cluster("start")
    with provide_infra() as infra:
        run = uuid.uuid4().hex[:10]
        database = f"rls_drill_{run}"
        url = create_database(infra.database_url, database)
        dep = Deployment(
            BOOTSTRAP, infra.redis_url, url, namespace=f"brokers{run}", log_dir="drill"
        )
        dep.extra_env.update(REPLICATION)
        try:
            upgrade(dep.settings())
            report = asyncio.run(ensure_topics(dep.settings(), Topics(dep.namespace).specs()))
            assert not report.short, report.short
            for service in SERVICE_NAMES:
                dep.start(service)
            dep.wait_until(lambda r: r.get("status") == "ok", 120, "the drill's stack healthy")
            results = run_drill(dep, infra, plan, STATE_DIR / "reports" / "drill-brokers.json")
        finally:
            for label in list(dep.procs):
                with contextlib.suppress(AssertionError):  # killed if SIGTERM is not enough
                    dep.stop(label)
            drop_database(infra.database_url, database)
            delete_namespace_topics(BOOTSTRAP, dep.namespace)
    return {
        "benchmark": "replication_drill",
        "brokers": 3,
        **{k.lower(): int(v) for k, v in REPLICATION.items()},
        "clients": plan.clients,
        "participants": plan.participants,
        "seconds_per_phase": plan.seconds,
        "down_seconds": plan.down_seconds,
        **results,
        "command": f"python bench/drill_brokers.py --seconds {plan.seconds:g} --clients "
        f"{plan.clients} --participants {plan.participants} --down {plan.down_seconds:g}",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0, help="of traffic per phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--participants", type=int, default=64)
    parser.add_argument("--down", type=float, default=5.0, help="seconds a broker stays down")
    parser.add_argument("--keep-cluster", action="store_true", help="leave the brokers running")
    args = parser.parse_args()
    try:
        out = main(Plan(FAULTS, args.seconds, args.clients, args.participants, args.down))
    finally:
        if not args.keep_cluster:
            cluster("stop")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "drill_brokers.json").write_text(json.dumps(out, indent=2, default=str) + "\n")
    print_results(out)
    sys.exit(0 if passed(out) else 1)
