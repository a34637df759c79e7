"""py-spy profiles of the Python services while an attack runs (bench_load.py --profile DIR):
where each service's CPU goes, as one flame graph (SVG) per service and run. Sampled with
--gil, so a thread waiting on a socket or in PostgreSQL is not counted: CPU, not latency."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROFILED = ("gateway", "decision")  # the two on the action path
PY_SPY = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "py-spy"  # a dev dependency


def record(pid: int, svg: Path) -> subprocess.Popen[bytes]:
    command = [str(PY_SPY), "record", "--pid", str(pid), "--subprocesses", "--gil"]
    command += ["--nonblocking", "--rate", "200", "--output", str(svg)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextmanager
def profiling(roots: dict[str, int], out: Path, label: str) -> Iterator[None]:
    """Records each profiled service, its worker processes included, until the block ends."""
    roots = {service: roots[service] for service in PROFILED if service in roots}
    out.mkdir(parents=True, exist_ok=True)
    recorders = [record(roots[service], out / f"{label}-{service}.svg") for service in roots]
    try:
        yield
    finally:
        for proc in recorders:
            proc.send_signal(signal.SIGINT)  # py-spy writes what it sampled, then exits
            proc.wait(60)
