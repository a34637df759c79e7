"""CPU accounting for the load benchmark: what the machine, and each part of the stack, spent
while an attack ran, from /proc (Linux). Figures are CPU seconds; per decision they become ms.

A part of the stack is a process tree: the root from its pid file, and every descendant. Its
CPU is the sum over the live tree of utime+stime plus cutime+cstime, the CPU of children already
reaped: so a PostgreSQL backend that exits mid-attack still counts, through the postmaster."""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rlservice.launcher import SERVICE_NAMES, STATE_DIR, ProcessFiles, running_pid

TICK = os.sysconf("SC_CLK_TCK")  # /proc counts CPU in clock ticks


def stack_roots() -> dict[str, int]:
    """The root pid of each part that runs; pid files as `rlservice up` and deploy/infra.sh write
    them (another copy of the services, e.g. a simulation's, is not counted)."""
    roots = {
        name: running_pid(ProcessFiles.of(name)) for name in (*SERVICE_NAMES, "kafka", "redis")
    }
    postmaster = STATE_DIR / "postgres" / "postmaster.pid"
    if postmaster.exists():
        roots["postgres"] = int(postmaster.read_text().split()[0])
    return {name: pid for name, pid in roots.items() if pid is not None}


def machine_busy() -> float:
    """Non-idle CPU seconds of all cores since boot (idle and iowait left out)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / TICK


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of it and its reaped children)."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # gone since the listing
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces; it ends at ")"
        utime, stime, cutime, cstime = map(int, fields[11:15])
        table[int(entry.name)] = (int(fields[1]), (utime + stime + cutime + cstime) / TICK)
    return table


def _tree_cpu(table: dict[int, tuple[int, float]], root: int) -> float:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += table[pid][1] if pid in table else 0.0
        todo.extend(children.get(pid, []))
    return total


def _generator() -> float:
    """CPU seconds of this process and its reaped children: the load generator's (vegeta, once
    its attack has been waited for) and ours."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@dataclass(frozen=True)
class Snapshot:
    at: float  # time.monotonic()
    machine: float
    generator: float
    parts: dict[str, float]


def snapshot(roots: dict[str, int]) -> Snapshot:
    table = _processes()
    return Snapshot(
        at=time.monotonic(),
        machine=machine_busy(),
        generator=_generator(),
        parts={name: _tree_cpu(table, pid) for name, pid in roots.items()},
    )


def spent(before: Snapshot, after: Snapshot, decisions: int) -> dict[str, Any]:
    """CPU between two snapshots, in seconds and in ms per decision answered (None if none
    was). `machine` leaves out the load generator; `other` is what the machine spent outside
    the stack and the generator (a shell, a profiler, tests): if it is large, the run was not
    alone on the machine."""
    seconds = after.at - before.at
    machine = after.machine - before.machine - (after.generator - before.generator)
    parts = {name: after.parts[name] - before.parts.get(name, 0.0) for name in after.parts}
    other = machine - sum(parts.values())

    def each(cpu: float) -> float | None:
        return round(1000 * cpu / decisions, 3) if decisions else None

    return {
        "seconds": round(seconds, 3),
        "machine_cores": round(machine / seconds, 3),
        "machine_cpu_s": round(machine, 3),
        "generator_cpu_s": round(after.generator - before.generator, 3),
        "cpu_s": {name: round(cpu, 3) for name, cpu in parts.items()},
        "machine_ms_per_decision": each(machine),
        "other_ms_per_decision": each(other),
        "ms_per_decision": {name: each(cpu) for name, cpu in parts.items()},
    }


def settle(roots: dict[str, int], below_cores: float, within_s: float) -> tuple[Snapshot, float]:
    """Waits (at most `within_s`) until the stack uses less than `below_cores` over a second:
    before an attack, so that work set-up left behind (uploads being ingested, say) is not
    charged to it; after, so that the work an attack left behind (decisions being recorded) is.
    Returns the last snapshot and the stack's cores in that last second."""
    deadline = time.monotonic() + within_s
    after = snapshot(roots)
    while True:
        before = after
        time.sleep(1.0)
        after = snapshot(roots)
        cores = sum(after.parts[n] - before.parts.get(n, 0.0) for n in after.parts) / (
            after.at - before.at
        )
        if cores < below_cores or time.monotonic() > deadline:
            return after, round(cores, 3)
