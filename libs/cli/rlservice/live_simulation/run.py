"""One simulation from start to summary: build the world, start the sandbox on its clock, play
the backend through every window, stop the services, replay what they decided, report. What
differs by study (its world, routes and results) is its Game: MiWaves' own, or the one a study
file declares in its `simulation:` section. The session's lock is held throughout, so that
neither `simulate delete` nor another run's pruning takes it from under the run."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from rldomain.study import Study, load_studies
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.db.models import Decision
from rlkernel.settings import Settings
from rlservice.admin_client import admin_token, create_client
from rlservice.replay.run import replay

from .clock import SteppedClock
from .declared_game import DeclaredGame
from .driver import backend_retries, fetch_policies
from .game import Game
from .miwaves_game import MiWavesGame
from .report import print_summary, save
from .results import previous_results
from .sandbox import new_session_id, sandbox_for
from .sessions import running
from .settling import wait_settled

console = Console()


def simulate(
    settings: Settings,
    study: Study,
    participants: int,
    days: int,
    seconds: float,
    seed: int,
    compare: str | None,
) -> int:
    """Returns the replay's exit code: 0 when every decision re-derived exactly."""
    game: Game = (
        DeclaredGame(study, participants, days, seed)
        if study.simulation is not None
        else MiWavesGame(study, participants, days, seed)
    )
    root = settings.simulations_dir.resolve()
    previous = previous_results(root, compare)
    session = new_session_id()
    asked = {"participants": participants, "days": days, "seed": seed}
    with running(root / session):
        return _run(settings, study, game, asked, session, root / session, seconds, previous)


def _run(
    settings: Settings,
    study: Study,
    game: Game,
    asked: dict[str, int],
    session: str,
    folder: Path,
    seconds: float,
    previous: dict[str, Any] | None,
) -> int:
    start = datetime.now(ZoneInfo(study.timezone)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    clock = SteppedClock.for_run(start, game.calendar_days, seconds, folder)
    sandbox = sandbox_for(settings, study, session, clock, folder)
    sim_settings = sandbox.prepare()
    sessions = make_sessionmaker(make_engine(sim_settings))
    retries = backend_retries()
    began = time.monotonic()
    try:
        sandbox.start()
        token = study_client(sandbox.deployment.url, sim_settings, study.id, session)
        asyncio.run(game.play(sandbox, start, clock, token, retries))
        if missing := wait_settled(sim_settings, sessions, study.id, game.expected()):
            console.print(f"[yellow]still missing when the services stopped: {', '.join(missing)}")
        policies = fetch_policies(sandbox, study.id, token, retries)
    finally:
        sandbox.deployment.stop_all()
    replay_code = replay(
        sim_settings,
        sessions,
        load_studies(sim_settings.studies_dir)[study.id],
        "both",
        folder / "replay.json",
    )
    decisions = game.decisions()
    results = {
        "session": session,
        "study": study.id,
        "algorithm": str(study.algorithm["name"]),
        **asked,
        "decisions": len(decisions),
        "decisions_stored": _stored(sessions, study.id),
        "fallbacks": sum(bool(d["fallback"]) for d in decisions),
        "policy_versions": len(policies),
        **game.results(sessions),
        "replay_mismatches": json.loads((folder / "replay.json").read_text())["mismatches"],
        "http_retries": retries.retried,
        "seconds": round(time.monotonic() - began, 1),
    }
    path = save(results, folder, game.plots)
    print_summary(console, results, previous)
    database = sandbox.deployment.database_url.rsplit("/", 1)[-1]
    console.print(
        f"plots and results: {path.parent} (database {database}, namespace "
        f"{sandbox.deployment.namespace}: kept for audit among the last "
        f"{settings.simulations_kept} sessions; `rlservice simulate list`)"
    )
    return replay_code


def _stored(sessions: sessionmaker[Session], study_id: str) -> int:
    with sessions() as db:
        return int(db.scalar(select(func.count()).where(Decision.study_id == study_id)) or 0)


def study_client(url: str, settings: Settings, study_id: str, session: str) -> str:
    """A token of the simulated study's backend, which also reads its policies."""
    roles = [(study_id, "backend"), (study_id, "analyst")]
    password = secrets.token_urlsafe(24)
    return create_client(url, admin_token(url, settings), f"simulator-{session}", password, roles)
