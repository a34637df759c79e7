"""Floor primitive 1: an empty FastAPI route under uvicorn, driven open loop by vegeta.

uvicorn runs as the gateway does (uvloop, httptools, one process) on a free loopback port; its
CPU per request is the floor of an HTTP request. vegeta's own CPU is the load generator's, not
the service's: reported, never added to the floor."""

from __future__ import annotations

import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.floor_cpu import Figure, Meter, figure
from bench.load_vegeta import install

ROOT = Path(__file__).resolve().parents[1]
BODY = {
    "user_id": "b-0123456789",
    "timestamp": "2026-01-05 08:00:00",
    "decision_idx": 7,
    "context": {"temperature": 21.5},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"uvicorn did not listen on port {port} within {seconds} s")


def attack(binary: str, targets: Path, rate: int, seconds: float, out: Path) -> float:
    """Runs one attack; returns vegeta's CPU seconds (its rusage, once it has been waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    schedule = [f"-rate={rate}/s", f"-duration={seconds}s"]
    subprocess.run(
        [binary, "attack", *schedule, f"-targets={targets}", f"-output={out}"], check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def measure_http(rate: int, seconds: float) -> Figure:
    binary, port = str(install()), free_port()
    # As the gateway serves (uvloop, httptools, one process); no access log: the framework alone.
    app = ["bench.floor_app:app", "--app-dir", str(ROOT), "--port", str(port)]
    options = ["--loop", "uvloop", "--http", "httptools", "--workers", "1"]
    quiet = ["--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", *app, *options, *quiet], cwd=ROOT)
    try:
        wait_listening(port)
        with tempfile.TemporaryDirectory() as tmp:
            body, targets, out = Path(tmp, "body.json"), Path(tmp, "targets"), Path(tmp, "out")
            body.write_text(json.dumps(BODY))
            targets.write_text(
                f"POST http://127.0.0.1:{port}/floor\nContent-Type: application/json\n@{body}\n"
            )
            attack(binary, targets, rate, 0.5, out)  # warm-up: connections, first validations
            with Meter([server.pid]) as meter:
                vegeta_s = attack(binary, targets, rate, seconds, out)
            results = [
                json.loads(line)
                for line in subprocess.run(
                    [binary, "encode", "-to=json", str(out)],
                    capture_output=True,
                    check=True,
                    text=True,
                ).stdout.splitlines()
            ]
    finally:
        server.terminate()
        server.wait()
    ok = [r for r in results if r["code"] == 200]
    # The client here is vegeta, the load generator: not part of any service's cost.
    result = figure(
        "HTTP empty route (uvicorn)",
        meter.usage,
        len(results),
        [r["latency"] / 1e6 for r in results],  # ns
        "request",
        client=False,
    )
    result.detail |= {
        "rate_per_s": rate,
        "errors": len(results) - len(ok),
        "vegeta_cpu_us_per_request": round(vegeta_s / len(results) * 1e6, 1),
    }
    return result
