"""Starts and stops the service processes; `rlservice up` and the test fixtures both use it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rlkernel.settings import PROJECT_ROOT

SERVICE_NAMES = ("gateway", "decision", "ingest", "trainer")
STATE_DIR = PROJECT_ROOT / ".rlservice"


@dataclass(frozen=True)
class ProcessFiles:
    pid: Path
    log: Path

    @classmethod
    def of(cls, name: str, state_dir: Path = STATE_DIR) -> ProcessFiles:
        return cls(state_dir / "run" / f"{name}.pid", state_dir / "logs" / f"{name}.log")


def spawn(service: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """One service as its own process, in its own session so a terminal's ^C does not reach it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module name
            [sys.executable, "-m", service],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            cwd=PROJECT_ROOT,
            start_new_session=True,
        )


def running_pid(files: ProcessFiles) -> int | None:
    try:
        pid = int(files.pid.read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid


def start(name: str, env: dict[str, str] | None = None, instance: str | None = None) -> bool:
    """Starts `name` unless it already runs; returns whether it started a process."""
    label = f"{name}-{instance}" if instance else name
    files = ProcessFiles.of(label)
    if running_pid(files) is not None:
        return False
    proc = spawn(name, files.log, {**(env or {}), "INSTANCE_ID": label})
    files.pid.parent.mkdir(parents=True, exist_ok=True)
    files.pid.write_text(str(proc.pid))
    return True


def stop_pid(pid: int, timeout: float = 20.0) -> None:
    """SIGTERM (the service finishes in-flight work), then SIGKILL after `timeout`."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def stop(label: str) -> bool:
    files = ProcessFiles.of(label)
    pid = running_pid(files)
    if pid is not None:
        stop_pid(pid)
    files.pid.unlink(missing_ok=True)
    return pid is not None
