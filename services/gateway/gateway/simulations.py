"""The simulation sessions of SIMULATIONS_DIR, read for the dashboard: the list, one session's
results and the series its plots are drawn from, and its progress as server-sent events while
its run holds the lock (rladapters.simulation_sessions knows the folder's files).

Who sees a session: an admin, or a caller with any role in the study it simulated (the study
copy in its folder). A session without its copy yet (the first instants of a run) is an
admin's only. The files are a few kilobytes, read as they are asked for: no cache to go stale.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from gateway.auth import Caller
from rladapters.simulation_sessions import (
    Progress,
    is_running,
    read_progress,
    results_of,
    session_folders,
    study_of,
)
from rldomain.errors import Forbidden, NotFound
from rlkernel.db.models import STUDY_ROLES

# The plots of a session, drawn in the page from results.json: (name, title, y label, the keys
# of its series). A key holds a list (one series) or, for a study of several actions, a list
# per action; the keys a kind of study does not write are left out.
PLOTS = (
    (
        "probability_by_day",
        "How the policy moved",
        "mean probability",
        ("mean_probability_by_day",),
    ),
    (
        "cumulative_reward",
        "Reward against a baseline",
        "cumulative reward",
        (
            "cumulative_reward_by_day",
            "flat_cumulative_reward_by_day",
            "uniform_cumulative_reward_by_day",
        ),
    ),
    ("action_share_by_day", "Actions taken", "share of decisions", ("action_share_by_day",)),
)


@dataclass
class SimulationDeps:
    root: Path  # SIMULATIONS_DIR
    max_streams: int = 16  # progress streams open at once in this gateway process
    lifetime_seconds: float = 1800.0  # a stream ends then (or when its token does): reconnect
    heartbeat_seconds: float = 15.0  # a comment line when nothing changed, so proxies keep it
    poll_seconds: float = 0.5
    streams: int = field(default=0, init=False)


def visible(caller: Caller, study: str | None) -> bool:
    if caller.admin:
        return True
    return study is not None and caller.grants.may(study, *STUDY_ROLES)


def listed(deps: SimulationDeps, caller: Caller, limit: int, before: str | None) -> dict[str, Any]:
    """The caller's sessions, newest first, `limit` from just older than `before`."""
    page: list[dict[str, Any]] = []
    more = False
    for folder in session_folders(deps.root):
        if before is not None and folder.name >= before:
            continue
        study = study_of(folder)
        if not visible(caller, study):
            continue
        if len(page) == limit:
            more = True
            break
        page.append(_row(folder, study))
    return {"sessions": page, "next_before": page[-1]["session"] if more else None}


def folder_for(deps: SimulationDeps, caller: Caller, session: str) -> Path:
    folder = deps.root / session  # `session` is a checked session id: no path of its own
    if not folder.is_dir():
        raise NotFound("simulation_not_found", f"no simulation session {session}")
    if not visible(caller, study_of(folder)):
        raise Forbidden("forbidden", "this needs a role in the study the session simulated")
    return folder


def summary(folder: Path) -> dict[str, Any]:
    results = results_of(folder)
    if results is not None:
        results.pop("plots", None)  # the PNG files' paths on this machine: none of the reader's
    progress = read_progress(folder)
    return _row(folder, study_of(folder)) | {
        "progress": progress.as_json() if progress else None,
        "results": results,
    }


def plots(folder: Path) -> list[dict[str, Any]]:
    """Each plot's series as uPlot draws them; none before the run has finished."""
    results = results_of(folder) or {}
    drawn = []
    for name, title, y_label, keys in PLOTS:
        series = [s for key in keys if key in results for s in _series(key, results[key])]
        if series:
            days = max(len(s["values"]) for s in series)
            drawn.append(
                {
                    "name": name,
                    "title": title,
                    "x_label": "study day",
                    "y_label": y_label,
                    "x": list(range(1, days + 1)),
                    "series": series,
                }
            )
    return drawn


def _series(key: str, value: Any) -> list[dict[str, Any]]:
    label = key.removesuffix("_by_day").replace("_", " ")
    if isinstance(value, dict):  # per action
        return [{"label": f"{label}: {action}", "values": v} for action, v in value.items()]
    return [{"label": label, "values": value}]


def _row(folder: Path, study: str | None) -> dict[str, Any]:
    results = results_of(folder) or {}
    return {
        "session": folder.name,
        # The id holds the local time of the machine that ran it, the gateway's too.
        "started": datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S").astimezone().isoformat(),
        "study": study,
        "running": is_running(folder),
        "decisions": results.get("decisions"),
        "replay_mismatches": results.get("replay_mismatches"),
    }


def may_stream(deps: SimulationDeps) -> bool:
    return deps.streams < deps.max_streams


async def progress_events(deps: SimulationDeps, folder: Path, until: float) -> AsyncIterator[str]:
    """`progress` whenever progress.json changes, a heartbeat comment when nothing has for a
    while, and `end` once the run has released its lock (with the last progress) or when the
    stream's time is up (`"reason": "timeout"`: the page asks again if it still runs). `until`
    is a time.time() bound: the token's expiry. The slot is taken here, where `finally`
    surely gives it back, however the client leaves."""
    if not may_stream(deps):
        yield _event("end", {"reason": "busy", "progress": None})
        return
    deps.streams += 1
    try:
        ends = min(time.monotonic() + deps.lifetime_seconds, time.monotonic() + until - time.time())
        sent: Progress | None = None
        quiet_since = time.monotonic()
        while True:
            ran = is_running(folder)
            # Read after the lock: a run writes its last progress before it lets go.
            progress = read_progress(folder)
            if progress is not None and progress != sent:
                yield _event("progress", progress.as_json())
                sent, quiet_since = progress, time.monotonic()
            if not ran or time.monotonic() >= ends:
                reason = "timeout" if ran else "finished"
                yield _event("end", {"reason": reason, "progress": _json(sent)})
                return
            if time.monotonic() - quiet_since >= deps.heartbeat_seconds:
                yield ": heartbeat\n\n"
                quiet_since = time.monotonic()
            await asyncio.sleep(deps.poll_seconds)
    finally:
        deps.streams -= 1


def _json(progress: Progress | None) -> dict[str, int] | None:
    return progress.as_json() if progress else None


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"
