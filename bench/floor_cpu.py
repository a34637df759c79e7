"""CPU accounting for the floor benchmark: this process's CPU, and other processes' from /proc.

A server shared with the running stack (the Kafka broker, redis-server) also works for the
services while we measure, so its CPU rate while we are idle (a second before and a second after
our operations, averaged) is subtracted: what remains is what our operations cost it. That
holds while the rest of the load on it is steady; how far its idle rate moved between before
and after is reported as the figure's uncertainty. A process that is ours alone (uvicorn, our
PostgreSQL backend) needs no correction."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass

TICK = 1 / os.sysconf("SC_CLK_TCK")  # /proc counts CPU in clock ticks (10 ms here)


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, all its threads (the JVM's included)."""
    with open(f"/proc/{pid}/stat") as f:
        # The command name (field 2) may hold spaces: split after its closing parenthesis.
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK


def pids(pattern: str) -> list[int]:
    """The processes whose command line matches (pgrep -f); fails if there is none."""
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    if not found:
        raise SystemExit(f"no process matches {pattern!r}: is the stack up (`make up`)?")
    return [int(p) for p in found]


def servers_cpu(server_pids: list[int]) -> float:
    return sum(cpu_seconds(p) for p in server_pids)


def idle_rate(server_pids: list[int], seconds: float = 1.0) -> float:
    """CPU seconds per second the servers spend without us (the services' background work)."""
    start = servers_cpu(server_pids)
    time.sleep(seconds)
    return (servers_cpu(server_pids) - start) / seconds


@dataclass
class Usage:
    client_s: float  # this process
    server_s: float  # the servers, all they did meanwhile
    wall_s: float


class Meter:
    """`with Meter(server_pids) as m: ...`, then `m.usage`."""

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids

    def __enter__(self) -> Meter:
        self.started = (time.process_time(), servers_cpu(self.server_pids), time.perf_counter())
        return self

    def __exit__(self, *_: object) -> None:
        client, server, wall = self.started
        self.usage = Usage(
            client_s=time.process_time() - client,
            server_s=servers_cpu(self.server_pids) - server,
            wall_s=time.perf_counter() - wall,
        )


@dataclass
class Figure:
    """One primitive's measured costs; `client_us` None where the client is not on the path."""

    primitive: str
    ops: int
    client_us: float | None
    server_us: float | None
    server_us_uncertainty: float | None  # +- : clock ticks, and the idle rate's drift
    p50_ms: float
    p99_ms: float
    latency_of: str  # what one latency sample times: "request", "batch of 100", ...
    detail: dict[str, float | int | str]


def percentile(latencies_ms: list[float], q: float) -> float:
    ranked = sorted(latencies_ms)
    return ranked[min(len(ranked) - 1, int(len(ranked) * q / 100))]


def figure(
    primitive: str,
    usage: Usage,
    ops: int,
    latencies_ms: list[float],
    latency_of: str,
    client: bool = True,
    server: bool = True,
    server_idle: tuple[float, float] = (0.0, 0.0),
) -> Figure:
    """Per-op CPU from a run's usage. `server_idle`: a shared server's idle CPU rate before and
    after; their mean is subtracted, and half their difference over the run counts as
    uncertain, with the two clock ticks a difference of /proc readings may be off by."""
    before, after = server_idle
    server_s = usage.server_s - (before + after) / 2 * usage.wall_s
    uncertain_s = abs(before - after) / 2 * usage.wall_s + 2 * TICK
    return Figure(
        primitive,
        ops,
        client_us=round(usage.client_s / ops * 1e6, 1) if client else None,
        server_us=round(server_s / ops * 1e6, 1) if server else None,
        server_us_uncertainty=round(uncertain_s / ops * 1e6, 1) if server else None,
        p50_ms=round(percentile(latencies_ms, 50), 3),
        p99_ms=round(percentile(latencies_ms, 99), 3),
        latency_of=latency_of,
        detail={
            "wall_s": round(usage.wall_s, 3),
            "ops_per_s": round(ops / usage.wall_s, 1),
            "server_cpu_s": round(usage.server_s, 3),
            "server_idle_cpu_per_s_before": round(before, 4),
            "server_idle_cpu_per_s_after": round(after, 4),
        },
    )
