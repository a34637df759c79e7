"""The floor: what the primitives of one decision cost alone on this machine, so that the action
path's CPU per decision can be read as a multiple of it (a benchmark, not a test).

Each primitive is measured alone, as CPU per operation (this process's, plus the server's from
/proc: uvicorn, the Kafka broker, redis-server, our PostgreSQL backend) and latency p50/p99:
an empty FastAPI route under uvicorn driven by vegeta (floor_http), an aiokafka produce and
consume (floor_kafka), a Redis GET and a PostgreSQL batched insert of decision rows
(floor_stores), one allocation (floor_alloc). Then the floor of one decision:

  1 HTTP request (the server's CPU; the load generator's is no service's)
  + 2 Kafka messages produced and consumed, batched: action.requested (gateway -> decision)
    and the reply (decision -> gateway), both on the latency path
  + 1 Kafka message produced only, batched: decisions.made, which the decision service
    publishes alongside the reply and marks logged on the broker's acknowledgement; nothing on
    the action path consumes it
  + 1 Redis round trip + 1 PostgreSQL row + 1 allocation. The row counts as inserted by 100
    with executemany, as the decision record now writes it; `.values(rows)`, compiled anew for
    every batch, is measured beside it to show what that costs the client.

Needs the stack up (`make up`) and vegeta (bench/install_vegeta.sh, or ~/go/bin/vegeta). Usage:
  python bench/bench_floor.py [--http-rate 1000] [--http-seconds 5] [--kafka-rate 1000] ...
Writes results/bench_floor.json; prints the primitives and the floor per study.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

# Run as a script, Python puts bench/ on the path, not the project root the modules import from.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.floor_alloc import measure_allocation  # noqa: E402
from bench.floor_cpu import Figure  # noqa: E402
from bench.floor_http import measure_http  # noqa: E402
from bench.floor_kafka import measure_kafka  # noqa: E402
from bench.floor_stores import measure_postgres, measure_redis  # noqa: E402
from rlkernel.settings import Settings  # noqa: E402

ASSUMES = (
    "1 HTTP request (uvicorn's CPU) + 2 Kafka messages produced and consumed, batched "
    "(action.requested, the reply) + 1 Kafka message produced only, batched (decisions.made) "
    "+ 1 Redis GET + 1 PostgreSQL row inserted by 100 (executemany) + 1 allocation (seed + derive)"
)
# Wide enough for the table when the output is a file or a pipe (rich assumes 80 columns).
console = Console(width=None if sys.stdout.isatty() else 120)


@dataclass
class Part:
    primitive: str
    count: int
    cpu_us: float
    uncertainty_us: float  # +-, the server's


@dataclass
class Floor:
    study: str
    cpu_us: float
    uncertainty_us: float
    parts: list[Part]


def floors(figures: dict[str, Figure]) -> list[Floor]:
    """The floor of one decision per study: its parts and their CPU sum."""
    out = []
    for study in ("justin", "miwaves"):
        parts = [
            Part(
                f.primitive,
                n,
                round(((f.client_us or 0.0) + (f.server_us or 0.0)) * n, 1),
                round((f.server_us_uncertainty or 0.0) * n, 1),
            )
            for f, n in (
                (figures["http"], 1),
                (figures["kafka_batched"], 2),
                (figures["kafka_produce_only"], 1),
                (figures["redis_get"], 1),
                (figures["pg_executemany"], 1),
                (figures[f"allocation_{study}"], 1),
            )
        ]
        cpu_us = round(sum(p.cpu_us for p in parts), 1)
        out.append(Floor(study, cpu_us, round(sum(p.uncertainty_us for p in parts), 1), parts))
    return out


def us(value: float | None, uncertainty: float | None = None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" + (f" ±{uncertainty:,.1f}" if uncertainty else "")


def show(figures: dict[str, Figure], floor: list[Floor]) -> None:
    table = Table(title="Primitives alone: CPU per operation, latency of one sample")
    for column in ("primitive", "ops", "client µs/op", "server µs/op", "p50 ms", "p99 ms"):
        table.add_column(column, justify="left" if column == "primitive" else "right")
    table.add_column("a sample is")
    for f in figures.values():
        table.add_row(
            f.primitive,
            str(f.ops),
            us(f.client_us),
            us(f.server_us, f.server_us_uncertainty),
            f"{f.p50_ms:.3f}",
            f"{f.p99_ms:.3f}",
            f.latency_of,
        )
    console.print(table)
    for one in floor:
        parts = Table(
            title=f"Floor of one decision, {one.study}: {us(one.cpu_us, one.uncertainty_us)} µs CPU"
        )
        for column in ("part", "times", "CPU µs"):
            parts.add_column(column, justify="left" if column == "part" else "right")
        for part in one.parts:
            parts.add_row(part.primitive, str(part.count), us(part.cpu_us, part.uncertainty_us))
        console.print(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--http-rate", type=int, default=1000)
    parser.add_argument("--http-seconds", type=float, default=5)
    parser.add_argument("--kafka-count", type=int, default=1000, help="one at a time")
    parser.add_argument("--kafka-rate", type=int, default=1000, help="batched, messages/s")
    parser.add_argument("--kafka-seconds", type=float, default=3)
    parser.add_argument("--redis-count", type=int, default=5000)
    parser.add_argument("--redis-batches", type=int, default=200)
    parser.add_argument("--pg-batches", type=int, default=30)
    parser.add_argument("--alloc-count", type=int, default=5000)
    args = parser.parse_args()
    settings = Settings()
    load_at_start = os.getloadavg()

    console.print("HTTP ...")
    figures = {"http": measure_http(args.http_rate, args.http_seconds)}
    console.print("Kafka ...")
    figures["kafka_one"], figures["kafka_batched"], figures["kafka_produce_only"] = asyncio.run(
        measure_kafka(settings, args.kafka_count, args.kafka_rate, args.kafka_seconds)
    )
    console.print("Redis ...")
    figures["redis_get"], figures["redis_pipelined"] = asyncio.run(
        measure_redis(settings, args.redis_count, args.redis_batches)
    )
    console.print("PostgreSQL ...")
    figures["pg_values"], figures["pg_executemany"] = measure_postgres(settings, args.pg_batches)
    console.print("Allocation ...")
    figures["allocation_justin"], figures["allocation_miwaves"] = measure_allocation(
        settings, args.alloc_count
    )

    floor = floors(figures)
    show(figures, floor)
    result = {
        "benchmark": "bench_floor",
        # Shared with other work: its load shows how far latencies and idle corrections can be
        # trusted (CPU per operation suffers least from it).
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_1m_at_start": round(load_at_start[0], 2),
            "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
        },
        "primitives": {name: asdict(f) for name, f in figures.items()},
        "floor": [asdict(f) for f in floor],
        "floor_assumes": ASSUMES,
        "command": " ".join(["python", "bench/bench_floor.py", *sys.argv[1:]]),
    }
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_floor.json").write_text(json.dumps(result, indent=2) + "\n")
    console.print("written to results/bench_floor.json")


if __name__ == "__main__":
    main()
