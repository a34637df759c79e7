"""Our CPU per decision as a multiple of the floor, stage by stage (after bench_load.py and
bench_floor.py have written their results; `make bench` runs this last of the three).

The floor's parts are assigned to the stage that pays them: the gateway serves the HTTP request,
produces the request and consumes the reply (one message's client side) and reads one Redis key;
the decision service consumes the request and produces the reply (one message's client side),
produces decisions.made, inserts one row and computes one allocation; Kafka, Redis and
PostgreSQL pay the server sides. Usage: python bench/vs_floor.py [--workload steady --rate 500]
Writes results/bench_vs_floor.json; prints the table the README shows."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).resolve().parents[1] / "results"


def floor_by_stage(primitives: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Microseconds of CPU per decision each stage would spend on the primitives alone."""

    def client(name: str) -> float:
        return float(primitives[name]["client_us"])

    def server(name: str) -> float:
        return float(primitives[name]["server_us"])

    return {
        "gateway": server("http") + client("kafka_batched") + client("redis_get"),
        "decision": client("kafka_batched")
        + client("kafka_produce_only")
        + client("pg_executemany")
        + client("allocation_justin"),
        "kafka": 2 * server("kafka_batched") + server("kafka_produce_only"),
        "redis": server("redis_get"),
        "postgres": server("pg_executemany"),
    }


def compare(
    load: dict[str, Any], floor: dict[str, Any], workload: str, rate: float
) -> dict[str, Any]:
    [run] = [r for r in load["runs"] if r["workload"] == workload and r["rate"] == rate]
    ours = run["cpu"]["ms_per_decision"]
    stages = floor_by_stage(floor["primitives"])
    rows = [
        {
            "stage": s,
            "ours_ms": ours[s],
            "floor_ms": round(us / 1000, 3),
            "multiple": round(ours[s] / (us / 1000), 1),
        }
        for s, us in stages.items()
    ]
    total_floor = sum(stages.values()) / 1000
    machine = run["cpu"]["machine_ms_per_decision"]
    rows.append(
        {
            "stage": "machine",
            "ours_ms": machine,
            "floor_ms": round(total_floor, 3),
            "multiple": round(machine / total_floor, 1),
        }
    )
    return {"workload": workload, "rate": rate, "achieved_rps": run["achieved_rps"], "stages": rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", default="steady")
    parser.add_argument("--rate", type=float, default=500.0)
    args = parser.parse_args()
    load = json.loads((RESULTS / "bench_load.json").read_text())
    floor = json.loads((RESULTS / "bench_floor.json").read_text())
    result = compare(load, floor, args.workload, args.rate)
    result["command"] = f"python bench/vs_floor.py --workload {args.workload} --rate {args.rate:g}"
    title = f"{args.workload} at {args.rate:g}/s (achieved {result['achieved_rps']}/s)"
    table = Table("stage", "ours, CPU ms/decision", "floor", "multiple", title=title)
    for r in result["stages"]:
        table.add_row(
            r["stage"], f"{r['ours_ms']:.2f}", f"{r['floor_ms']:.2f}", f"{r['multiple']:g}x"
        )
    Console().print(table)
    (RESULTS / "bench_vs_floor.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
