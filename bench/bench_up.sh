#!/usr/bin/env bash
# `make up` on a warm cache (packages installed, Kafka jars resolved, data initialized):
# stops everything, then times `make up`: the stack until every service reports ok, and its
# main job, the short simulated study. Runs it 3 times.
# Usage: bench/bench_up.sh   Writes results/bench_up.json.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=()
for i in 1 2 3; do
  make down >/dev/null 2>&1
  start=$(date +%s.%N)
  make up >/dev/null
  runs+=("$(python3 -c "print(round($(date +%s.%N) - $start, 2))")")
done
mkdir -p results
python3 - "${runs[@]}" <<'PY'
import json, statistics, sys
runs = [float(x) for x in sys.argv[1:]]
result = {"benchmark": "make_up_warm_cache", "seconds": runs,
          "median_seconds": statistics.median(runs), "command": "bench/bench_up.sh"}
open("results/bench_up.json", "w").write(json.dumps(result, indent=2) + "\n")
print(json.dumps(result, indent=2))
PY
