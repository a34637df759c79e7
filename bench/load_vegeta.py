"""Driving vegeta, the open-loop load generator: targets in (JSON lines on its stdin, bodies in
base64), results out (decoded with `vegeta encode --to json`), and what one attack measured.

Open loop: vegeta sends request i at i/rate whatever happened to earlier ones, starting more
workers when all are waiting; its latency counts from the send. If vegeta itself fell behind its
schedule, the send lag shows it (a late send would otherwise hide queueing)."""

from __future__ import annotations

import base64
import binascii
import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGETS, RESULTS = "targets.jsonl", "results.bin"  # in the work dir, vegeta's working directory
# What vegeta reports for a tick it had no target left for (the last of a closed-loop run):
# not a request, so left out.
NO_TARGETS = "no targets to attack"


def install() -> Path:
    """The pinned vegeta binary, installed by bench/install_vegeta.sh if missing."""
    out = subprocess.run(
        [str(ROOT / "bench" / "install_vegeta.sh")], stdout=subprocess.PIPE, text=True
    )
    if out.returncode:  # the script said why on stderr
        raise SystemExit("bench/install_vegeta.sh failed: no load generator, no load benchmark")
    return Path(out.stdout.strip())


@dataclass(frozen=True)
class Target:
    url: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Hit:
    seq: int
    code: int  # 0: no HTTP answer (refused, timed out)
    sent: float  # seconds since the epoch
    latency_ms: float
    error: str
    body: Any  # the answer's JSON, or None

    @property
    def ok(self) -> bool:
        """The route's documented success: MiWaves' actions answer 200, JustIn's 201."""
        return 200 <= self.code < 300


class Vegeta:
    def __init__(self, binary: Path, workdir: Path, token: str, timeout_s: float) -> None:
        self.binary, self.workdir, self.timeout_s = binary, workdir, timeout_s
        self.header = {
            "Authorization": [f"Bearer {token}"],
            "Content-Type": ["application/json"],
        }

    def write(self, targets: list[Target]) -> None:
        """Targets in vegeta's JSON format, written before an attack so that making them costs
        no CPU inside the measured window."""
        with (self.workdir / TARGETS).open("w") as out:
            for t in targets:
                body = base64.b64encode(json.dumps(t.body).encode()).decode()
                line = {"method": "POST", "url": t.url, "body": body, "header": self.header}
                out.write(json.dumps(line) + "\n")

    def command(self, flags: list[str]) -> list[str]:
        return [
            str(self.binary),
            "attack",
            "-lazy",
            "-format=json",
            f"-timeout={self.timeout_s:g}s",
            *flags,
            f"-output={RESULTS}",
        ]

    def attack(self, flags: list[str]) -> None:
        """Runs one attack on the targets written last, to its end; decode() reads its results."""
        with (self.workdir / TARGETS).open("rb") as stdin:
            subprocess.run(self.command(flags), stdin=stdin, cwd=self.workdir, check=True)

    def decode(self) -> list[Hit]:
        encoded = subprocess.run(
            [str(self.binary), "encode", "--to", "json", RESULTS],
            cwd=self.workdir,
            check=True,
            stdout=subprocess.PIPE,
        ).stdout
        results = (json.loads(line) for line in encoded.splitlines() if line.strip())
        return [_hit(r) for r in results if r["error"] != NO_TARGETS]

    def run(self, targets: list[Target], flags: list[str]) -> list[Hit]:
        self.write(targets)
        self.attack(flags)
        return self.decode()

    def closed_loop(self, targets: list[Target], workers: int = 16) -> list[Hit]:
        """Set-up traffic: every target as fast as `workers` concurrent requests allow."""
        return self.run(targets, ["-rate=0", f"-max-workers={workers}"])


def open_loop(count: int, seconds: float) -> list[str]:
    """Flags for `count` requests evenly over `seconds` (vegeta's rate is count per duration)."""
    return [f"-rate={count}/{seconds:g}s", f"-duration={seconds:g}s"]


def _hit(r: dict[str, Any]) -> Hit:
    body = None
    if r.get("body"):
        try:
            body = json.loads(base64.b64decode(r["body"]))
        except (binascii.Error, ValueError):  # not JSON (a proxy's error page, say)
            body = None
    sent = datetime.fromisoformat(r["timestamp"]).timestamp()
    return Hit(r["seq"], r["code"], sent, r["latency"] / 1e6, r["error"], body)


def summarize(hits: list[Hit], count: int, seconds: float) -> dict[str, Any]:
    """What one open-loop attack of `count` requests over `seconds` measured. Latency
    percentiles are over every request sent, failed ones included (time to the failure)."""
    sent = sorted(hits, key=lambda h: h.seq)
    ok = [h for h in sent if h.ok]
    latency = np.array([h.latency_ms for h in sent] or [np.nan])
    first = sent[0].sent if sent else 0.0
    last_answer = max((h.sent + h.latency_ms / 1000 for h in sent), default=first)
    # How late each send left against the schedule, the send most on time being the reference.
    offset = np.array([h.sent - h.seq * seconds / count for h in sent] or [np.nan])
    lag = (offset - offset.min()) * 1000
    failures = Counter(_failure(h) for h in sent if not h.ok)
    return {
        "requests": count,
        "sent": len(sent),
        "answered": len(ok),
        "achieved_rps": round(len(ok) / (last_answer - first), 1) if ok else 0.0,
        "p50_ms": round(float(np.percentile(latency, 50)), 2),
        "p95_ms": round(float(np.percentile(latency, 95)), 2),
        "p99_ms": round(float(np.percentile(latency, 99)), 2),
        "max_ms": round(float(latency.max()), 2),
        "errors": len(sent) - len(ok),
        "error_kinds": dict(failures.most_common()),
        "fallbacks": sum(bool(isinstance(h.body, dict) and h.body.get("fallback")) for h in ok),
        "send_lag_p99_ms": round(float(np.percentile(lag, 99)), 2),
        "send_lag_max_ms": round(float(lag.max()), 2),
    }


def _failure(h: Hit) -> str:
    if h.code == 0:
        return h.error
    code = h.body.get("code") if isinstance(h.body, dict) else None
    return f"HTTP {h.code}" + (f" {code}" if code else "")
