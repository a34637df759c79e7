"""The simulation sessions kept in SIMULATIONS_DIR: listing them, deleting one, and pruning the
oldest beyond SIMULATIONS_KEPT.

A session is its folder (results, plots, the study copy, replay.json, the services' logs); its
database, topics and Redis keys are named after its id (sandbox.py) and live in the stores,
which `Stores` reaches (session_stores.py, or a fake in the tests). Deleting empties the stores
first and removes the folder last, so a deletion cut short leaves the folder behind and can
simply be run again. A run holds an exclusive lock on its folder's `running.lock` from before its
database exists until it ends; the kernel releases it however the process ends, so a crashed
run never looks like a running one. A locked session is neither deleted nor pruned.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from .sandbox import is_session_id

LOCK = "running.lock"


class SessionRunning(Exception):
    """The session's run still holds its lock."""


@dataclass(frozen=True)
class Stored:
    """What the stores still hold of a session."""

    database: bool
    topics: int


class Stores(Protocol):
    def stored(self, sessions: list[str]) -> dict[str, Stored]: ...

    def remove(self, session: str) -> None:
        """Drops its database, deletes its topics and Redis keys; nothing there is fine."""
        ...


@dataclass(frozen=True)
class SessionInfo:
    session: str
    started: datetime
    study: str | None  # None: the run ended before it wrote its study copy
    decisions: int | None  # None (and mismatches too): no results.json, the run did not finish
    replay_mismatches: int | None
    size_bytes: int
    running: bool
    stored: Stored

    def as_json(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "started": self.started.isoformat(),
            "study": self.study,
            "decisions": self.decisions,
            "replay_mismatches": self.replay_mismatches,
            "size_bytes": self.size_bytes,
            "running": self.running,
            "database": self.stored.database,
            "topics": self.stored.topics,
        }


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
    if not (folder / LOCK).exists():
        return False
    try:
        with running(folder):
            return False
    except SessionRunning:
        return True


def session_folders(root: Path) -> list[Path]:
    """Newest first (a session id begins with when it started); other entries are not ours."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and is_session_id(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def list_sessions(root: Path, stores: Stores, limit: int) -> list[SessionInfo]:
    folders = session_folders(root)[:limit]
    stored = stores.stored([f.name for f in folders])
    return [_describe(f, stored.get(f.name, Stored(False, 0))) for f in folders]


def delete(root: Path, session: str, stores: Stores) -> tuple[Stored, bool]:
    """What the stores held and whether the folder existed, all of it now removed. Raises
    SessionRunning for a session still running, ValueError for a name that is no session id."""
    if not is_session_id(session):
        raise ValueError(f"{session!r} is not a session id (like 20260101-120000-ab12)")
    folder = root / session
    with running(folder) if folder.is_dir() else nullcontext():
        before = stores.stored([session]).get(session, Stored(False, 0))
        stores.remove(session)
        had_folder = folder.is_dir()
        if had_folder:
            shutil.rmtree(folder)
    return before, had_folder


def prune(root: Path, keep: int, stores: Stores) -> list[str]:
    """Deletes the sessions older than the newest `keep`, except running ones (a later prune
    takes them); returns the ids it deleted."""
    deleted = []
    for folder in session_folders(root)[keep:]:
        try:
            delete(root, folder.name, stores)
        except SessionRunning:
            continue
        deleted.append(folder.name)
    return deleted


def _describe(folder: Path, stored: Stored) -> SessionInfo:
    results: dict[str, Any] = {}
    if (folder / "results.json").is_file():
        results = json.loads((folder / "results.json").read_text())
    copies = sorted((folder / "studies").glob("*.yaml"))
    return SessionInfo(
        session=folder.name,
        started=datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S"),
        study=results.get("study") or (copies[0].stem if copies else None),
        decisions=results.get("decisions"),
        replay_mismatches=results.get("replay_mismatches"),
        size_bytes=sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
        running=is_running(folder),
        stored=stored,
    )
