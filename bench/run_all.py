"""`make bench`: every benchmark in turn against the running stack, gathered into
results/bench.json. Benchmarks report numbers; none of them passes or fails, except the fault
drill, last since it restarts Kafka, Redis and PostgreSQL: it fails if anything was lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = [
    (
        "bench_load",
        [
            "bench/bench_load.py",
            "--rates",
            "200,500,1000",
            "--seconds",
            "10",
            "--burst-users",
            "10000",
            "--burst-seconds",
            "60",
        ],
    ),
    # After the load: the broker has compiled its hot paths, as a floor should assume.
    ("bench_floor", ["bench/bench_floor.py"]),
    ("bench_vs_floor", ["bench/vs_floor.py", "--workload", "steady", "--rate", "500"]),
    ("bench_ingest", ["bench/bench_ingest.py", "--participants", "300"]),
    ("bench_algorithms", ["bench/bench_algorithms.py", "--quick"]),
    ("bench_replay", ["bench/bench_replay.py", "-n", "100000"]),
    ("drill", ["bench/drill.py", "--seconds", "10", "--clients", "8", "--participants", "64"]),
]


def main() -> None:
    gathered = {}
    for name, args in RUNS:
        print(f"== {name}: {' '.join(args)}", flush=True)
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True)
        gathered[name] = json.loads((ROOT / "results" / f"{name}.json").read_text())
    (ROOT / "results" / "bench.json").write_text(json.dumps(gathered, indent=2) + "\n")
    print("gathered into results/bench.json")


if __name__ == "__main__":
    main()
