"""Benchmark the algorithm library: `python bench/bench_algorithms.py [--quick]`.

Times (time.perf_counter) and peak memory (tracemalloc peak of the timed call, which numpy's
array buffers report to; measured in a second, traced run so tracing does not slow the timing)
for blr_ts over 1,000,000 observations and rebandit with 100 ... 100,000 participants.
Writes results/bench_algorithms.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "libs" / "common"))

from rldomain.algorithms import Observation, encode_params, get_algorithm  # noqa: E402

CONFIG: dict[str, Any] = {"state": "miwaves", "clip": {"low": 0.2, "high": 0.8}}
OBS_PER_PARTICIPANT = 10


def observations(n_participants: int, per: int, seed: int) -> list[Observation]:
    """Synthetic MiWaves-like decisions, generated in bulk so setup stays out of the way."""
    rng = np.random.default_rng(seed)
    n = n_participants * per
    ids = [f"p{i:07d}" for i in range(n_participants)]
    who = np.repeat(np.arange(n_participants), per)
    states = rng.integers(0, 2, size=(n, 3)).astype(float)
    pi = rng.uniform(0.2, 0.8, n)
    action = (rng.random(n) < pi).astype(int)
    reward = np.clip(np.round(2.0 + 0.3 * action + rng.normal(0, 0.9, n)), 0, 3)
    return [
        Observation(ids[w], (s[0], s[1], s[2]), int(a), float(p), float(r))
        for w, s, a, p, r in zip(who, states.tolist(), action, pi, reward, strict=True)
    ]


def measure(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, tracemalloc peak MiB); runs fn twice, untraced then traced."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    del result
    tracemalloc.start()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def bench_blr_ts(rows: list[dict[str, Any]]) -> None:
    algo = get_algorithm("blr_ts", CONFIG)
    batch = observations(100_000, 10, seed=1)
    params, sec, mib = measure(lambda: algo.update(algo.initial_params(), batch))
    rows.append(
        {
            "case": "blr_ts update",
            "participants": 100_000,
            "observations": len(batch),
            "seconds": sec,
            "peak_mib": mib,
        }
    )
    _, sec, mib = measure(lambda: algo.probability(params, (1.0, 0.0, 1.0), "p0000001"))
    rows.append(
        {
            "case": "blr_ts probability",
            "participants": 100_000,
            "observations": 0,
            "seconds": sec,
            "peak_mib": mib,
        }
    )


def bench_rebandit(rows: list[dict[str, Any]], n_part: int) -> None:
    algo = get_algorithm("rebandit", CONFIG)
    batch = observations(n_part, OBS_PER_PARTICIPANT, seed=n_part)
    params, sec, mib = measure(lambda: algo.update(algo.initial_params(), batch))
    base = {"participants": n_part, "observations": len(batch)}
    rows.append({"case": "rebandit update", **base, "seconds": sec, "peak_mib": mib})
    # A typical later update: one new decision for a tenth of the participants.
    extra = observations(max(n_part // 10, 1), 1, seed=n_part + 1)
    _, sec, mib = measure(lambda: algo.update(params, extra))
    rows.append({"case": "rebandit update (+10% new)", **base, "seconds": sec, "peak_mib": mib})
    fitted, sec, mib = measure(lambda: algo.update(params, [], fit_hyperparameters=True))
    rows.append(
        {
            "case": "rebandit hyper fit",
            **base,
            "seconds": sec,
            "peak_mib": mib,
            "status": fitted["hyper_status"],
        }
    )
    _, sec, mib = measure(lambda: algo.probability(fitted, (1.0, 1.0, 0.0), "p0000000"))
    rows.append({"case": "rebandit probability", **base, "seconds": sec, "peak_mib": mib})
    blob, sec, mib = measure(lambda: encode_params(fitted))
    rows.append(
        {
            "case": "rebandit encode_params",
            **base,
            "seconds": sec,
            "peak_mib": mib,
            "bytes": len(blob),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip 100,000 participants")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    bench_blr_ts(rows)
    for n_part in (100, 1_000, 10_000) if args.quick else (100, 1_000, 10_000, 100_000):
        bench_rebandit(rows, n_part)
    print(f"{'case':<28}{'participants':>13}{'observations':>14}{'seconds':>11}{'peak MiB':>11}")
    for row in rows:
        print(
            f"{row['case']:<28}{row['participants']:>13,}{row['observations']:>14,}"
            f"{row['seconds']:>11.4f}{row['peak_mib']:>11.1f}"
        )
    for row in rows:
        if "status" in row:
            print(f"fit {row['participants']:,}: {row['status']}")
    out = ROOT / "results" / "bench_algorithms.json"
    out.parent.mkdir(exist_ok=True)
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS (ru_maxrss, whole run incl. generated data): {max_rss_mib:,.0f} MiB")
    meta = {
        "max_rss_mib": max_rss_mib,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "quick": args.quick,
        "memory": "tracemalloc peak of the timed call (separate traced run)",
    }
    out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
