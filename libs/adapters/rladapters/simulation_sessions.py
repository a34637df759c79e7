"""The simulation sessions' folders in SIMULATIONS_DIR, as both their writer (`rlservice
simulate`) and their reader (the gateway's /v1/simulations routes) see them: here so the gateway
need not import the CLI.

A session is a folder named by its id. A run holds an exclusive lock on its `running.lock` from
start to end; the kernel releases it however the process ends, so a crashed run never looks like
a running one. While it plays, the run replaces `progress.json` (windows done of the total, the
study day, decisions so far) after every window: atomically, so a reader sees the last state or
the one before, never half a file. `studies/<study>.yaml` is the study copy it ran, and
`results.json` what it reported at the end.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LOCK = "running.lock"
PROGRESS = "progress.json"
RESULTS = "results.json"
# A session id is also part of a database name spelled into SQL: only this shape is accepted.
SESSION_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")


class SessionRunning(Exception):
    """The session's run still holds its lock."""


def is_session_id(text: str) -> bool:
    return SESSION_ID.fullmatch(text) is not None


@contextmanager
def running(folder: Path) -> Iterator[None]:
    """Holds the session's lock (creating its folder): a run for its whole length, a deletion
    while it deletes. Raises SessionRunning when another process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SessionRunning(folder.name) from None
        yield  # closing the file releases the lock


def is_running(folder: Path) -> bool:
    """Asks for a shared lock, which only a run (or a deletion) holding it refuses: readers
    do not refuse each other, and reading creates nothing."""
    try:
        with (folder / LOCK).open("rb") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False  # closing the file releases the shared lock
    except FileNotFoundError:
        return False


def session_folders(root: Path) -> list[Path]:
    """Newest first (a session id begins with when it started); other entries are not ours."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and is_session_id(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def study_of(folder: Path) -> str | None:
    """The study the session simulated (its study copy); None before the run wrote it."""
    copies = sorted((folder / "studies").glob("*.yaml"))
    return copies[0].stem if copies else None


def results_of(folder: Path) -> dict[str, Any] | None:
    """results.json, None until the run finished. Its NaN (a day without decisions) become
    None, so the results go out as strict JSON."""
    path = folder / RESULTS
    if not path.is_file():
        return None
    found: dict[str, Any] = _finite(json.loads(path.read_text()))
    return found


@dataclass(frozen=True)
class Progress:
    done: int  # windows played
    total: int  # windows in the run
    day: int  # the calendar day of the last window played, from 1
    days: int
    decisions: int  # answered so far

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def write_progress(folder: Path, progress: Progress) -> None:
    temporary = folder / f".{PROGRESS}.tmp"
    temporary.write_text(json.dumps(progress.as_json()))
    os.replace(temporary, folder / PROGRESS)  # atomic: readers see the old file or the new


def read_progress(folder: Path) -> Progress | None:
    try:
        return Progress(**json.loads((folder / PROGRESS).read_text()))
    except FileNotFoundError:
        return None


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value
