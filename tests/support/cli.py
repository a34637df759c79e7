"""Running the rlservice CLI against a test stack, for the commands that write a JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from tests.support.stack import Stack


def rlservice_report(stack: Stack, tmp_path: Path, *command: str) -> tuple[int, dict[str, Any]]:
    """The exit code of `rlservice COMMAND --report FILE` and the report it wrote."""
    report = tmp_path / f"report-{uuid.uuid4().hex[:6]}.json"
    done = subprocess.run(
        [sys.executable, "-m", "rlservice", *command, "--report", str(report)],
        env={**os.environ, **stack.env()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert report.exists(), done.stderr[-2000:]
    return done.returncode, json.loads(report.read_text())
