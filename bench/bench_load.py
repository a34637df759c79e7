"""Open-loop load on the action path, driven by vegeta (a benchmark, not a test).

Each workload (bench/load_workloads.py) is one vegeta attack at a fixed rate, every request sent
once on its schedule whatever happened to earlier ones. For each run: the achieved rate (answers
per second), latency percentiles, errors (any answer but the route's success code), fallbacks
(answers saying "fallback": true), and CPU per decision answered: the whole machine's less the
load generator's, and each part of the stack's (bench/load_cpu.py). Needs the stack up
(`make up`) and Go, to install vegeta the first time (bench/install_vegeta.sh).

Usage:
  python bench/bench_load.py [--workloads steady,first,repeat,burst] [--rates 200,500,1000]
      [--seconds 10] [--users 500] [--burst-users 10000] [--burst-seconds 60]
Writes results/bench_load.json; prints a table of latencies and one of CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Run as a script, Python puts bench/ on the path, not the project root these modules import from.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench import load_cpu  # noqa: E402
from bench.load_profile import profiling  # noqa: E402
from bench.load_vegeta import TARGETS, Target, Vegeta, install, open_loop, summarize  # noqa: E402
from bench.load_workloads import JustIn, MiWaves, new_token  # noqa: E402
from rlkernel.settings import Settings  # noqa: E402

WORKLOADS = ("steady", "first", "repeat", "burst")
WARMUP_RATE = 100  # requests a second, first decisions
# Wide enough for the tables when output goes to a file or a pipe (rich would assume 80).
console = Console(width=shutil.get_terminal_size((130, 24)).columns)


def measure(
    vegeta: Vegeta,
    workload: str,
    targets: list[Target],
    seconds: float,
    quiet_cores: float,
    profiles: Path | None,
) -> dict[str, Any]:
    roots = load_cpu.stack_roots()
    _, idle = load_cpu.settle(roots, below_cores=quiet_cores, within_s=30)
    flags = open_loop(len(targets), seconds)
    vegeta.write(targets)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    before = load_cpu.snapshot(roots)
    label = f"{workload}-{len(targets) / seconds:g}per-s"
    with profiling(roots, profiles, label) if profiles else nullcontext():
        vegeta.attack(flags)
    answered = load_cpu.snapshot(roots)
    # The CPU window runs on until the stack is quiet again: what the decisions left to do
    # (recording them, say) is part of their cost.
    after, _ = load_cpu.settle(roots, below_cores=quiet_cores, within_s=30)
    result = summarize(vegeta.decode(), len(targets), seconds)
    row = {
        "workload": workload,
        "rate": round(len(targets) / seconds, 1),
        "seconds": seconds,
        **result,
        "cpu": load_cpu.spent(before, after, result["answered"]),
        "cpu_drain_s": round(after.at - answered.at, 2),
        "machine_cores_during_attack": load_cpu.spent(before, answered, 1)["machine_cores"],
        "stack_cores_before": idle,
        "started_at": started,
        "command": shlex.join(vegeta.command(flags)) + f" < {TARGETS}",
    }
    console.print(
        f"{workload} at {row['rate']}/s: {result['answered']}/{result['requests']} answered, "
        f"p99 {result['p99_ms']} ms, errors {result['errors']}, fallbacks {result['fallbacks']}"
    )
    return row


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    settings = Settings()
    base = f"http://{settings.gateway_host}:{settings.gateway_port}"
    token = new_token(base, settings)
    workloads = args.workloads.split(",")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as workdir:
        vegeta = Vegeta(install(), Path(workdir), token, timeout_s=10)
        api = JustIn(vegeta, base)

        def attack(workload: str, targets: list[Target], seconds: float) -> None:
            rows.append(measure(vegeta, workload, targets, seconds, args.quiet_cores, args.profile))

        if args.warmup_seconds:  # unmeasured: a fresh broker's JVM compiles its hot paths first
            warmup = WARMUP_RATE * args.warmup_seconds
            vegeta.write(api.first(warmup))
            vegeta.attack(open_loop(warmup, args.warmup_seconds))
        with_history = bool({"steady", "repeat"} & set(workloads))
        if with_history:
            api.add_users_with_history(args.users)
        for rate in map(int, args.rates.split(",")):
            n = rate * args.seconds
            if with_history:  # steady runs for repeat too: it decides the slots repeat re-sends
                steady = api.steady(n)
                attack("steady", steady, args.seconds)
                if "repeat" in workloads:
                    attack("repeat", steady, args.seconds)
            if "first" in workloads:
                attack("first", api.first(n), args.seconds)
        if "burst" in workloads:
            attack("burst", MiWaves(vegeta, base).first(args.burst_users), args.burst_seconds)
    return rows


def print_tables(rows: list[dict[str, Any]]) -> None:
    latency = Table(
        "workload", "rate/s", "achieved/s", "answered", "p50 ms", "p95 ms", "p99 ms", "errors",
        "fallbacks", "send lag p99 ms", title="Latency (vegeta, open loop, from each send)",
    )  # fmt: skip
    for r in rows:
        errors = str(r["errors"]) if not r["errors"] else f"[red]{r['errors']}[/red]"
        latency.add_row(
            r["workload"], f"{r['rate']:g}", f"{r['achieved_rps']:g}",
            f"{r['answered']}/{r['requests']}", f"{r['p50_ms']:g}", f"{r['p95_ms']:g}",
            f"{r['p99_ms']:g}", errors, str(r["fallbacks"]), f"{r['send_lag_p99_ms']:g}",
        )  # fmt: skip
    console.print(latency)
    parts = list(dict.fromkeys(p for r in rows for p in r["cpu"]["ms_per_decision"]))
    cpu = Table(
        "workload", "rate/s", "cores busy in attack", "machine", *parts, "other",
        title="CPU ms per decision answered, from the attack's start until the stack is quiet"
        " (machine: all cores less vegeta's; other: machine less the stack's parts)",
    )  # fmt: skip
    for r in rows:
        c, each = r["cpu"], r["cpu"]["ms_per_decision"]
        cpu.add_row(
            r["workload"], f"{r['rate']:g}", f"{r['machine_cores_during_attack']:g}",
            _ms(c["machine_ms_per_decision"]),
            *(_ms(each.get(p)) for p in parts),
            _ms(c["other_ms_per_decision"]),
        )  # fmt: skip
    console.print(cpu)
    for r in rows:
        if r["error_kinds"]:
            console.print(
                f"[red]{r['workload']} at {r['rate']:g}/s errors:[/red]", r["error_kinds"]
            )


def _ms(figure: float | None) -> str:
    return "-" if figure is None else f"{figure:.2f}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--rates", default="200,500,1000", help="requests a second, one run each")
    parser.add_argument("--seconds", type=int, default=10, help="of each run at each rate")
    parser.add_argument("--users", type=int, default=500, help="users with history (steady)")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="py-spy flame graphs of the gateway and the decision service during each run, in DIR "
        "(sampling costs the services some CPU: the figures of such a run are not the plain ones)",
    )
    parser.add_argument(
        "--warmup-seconds", type=int, default=10, help=f"unmeasured, at {WARMUP_RATE}/s, first"
    )
    parser.add_argument("--burst-users", type=int, default=10_000)
    parser.add_argument("--burst-seconds", type=int, default=60)
    parser.add_argument(
        "--quiet-cores",
        type=float,
        default=0.2,
        help="before each run and after it, wait up to 30 s for the stack to use fewer cores",
    )
    args = parser.parse_args()
    if unknown := set(args.workloads.split(",")) - set(WORKLOADS):
        parser.error(f"unknown workloads {sorted(unknown)}; choose from {', '.join(WORKLOADS)}")
    rows = run(args)
    print_tables(rows)
    result = {
        "benchmark": "load_action_path",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", "bench/bench_load.py", *sys.argv[1:]]),
        "cpus": os.cpu_count(),
        "runs": rows,
    }
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_load.json").write_text(json.dumps(result, indent=2) + "\n")
    console.print("written results/bench_load.json")
