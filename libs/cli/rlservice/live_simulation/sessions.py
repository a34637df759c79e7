"""The simulation sessions kept in SIMULATIONS_DIR: listing them, deleting one, and pruning the
oldest beyond SIMULATIONS_KEPT.

A session is its folder (results, plots, the study copy, replay.json, the services' logs); its
database, topics and Redis keys are named after its id (sandbox.py) and live in the stores,
which `Stores` reaches (session_stores.py, or a fake in the tests). Deleting empties the stores
first and removes the folder last, so a deletion cut short leaves the folder behind and can
simply be run again. A run holds an exclusive lock on its folder's `running.lock` from before its
database exists until it ends; the kernel releases it however the process ends, so a crashed
run never looks like a running one. A locked session is neither deleted nor pruned. What the
gateway reads of a session too (the lock, the study copy, results, progress) is in
rladapters.simulation_sessions.
"""

from __future__ import annotations

import shutil
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from rladapters.simulation_sessions import (
    SessionRunning,
    is_running,
    is_session_id,
    results_of,
    running,
    session_folders,
    study_of,
)

__all__ = ["SessionRunning", "delete", "list_sessions", "prune", "running"]  # for its callers


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
    results = results_of(folder) or {}
    return SessionInfo(
        session=folder.name,
        started=datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S"),
        study=results.get("study") or study_of(folder),
        decisions=results.get("decisions"),
        replay_mismatches=results.get("replay_mismatches"),
        size_bytes=sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
        running=is_running(folder),
        stored=stored,
    )
