"""Auditing a study: `replay` re-derives everything it decided and learned."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.settings import Settings
from rlservice import launcher
from rlservice.studies import study_named


def replay_command(
    study: Annotated[str, typer.Option(help="Study id")],
    source: Annotated[str, typer.Option(help="log, db, or both (also compares the two)")] = "both",
    report: Annotated[Path | None, typer.Option(help="Report file (JSON)")] = None,
) -> None:
    """Re-derive every decision and policy version of a study; exit 1 on any mismatch."""
    from rlservice.replay.run import replay

    if source not in ("log", "db", "both"):
        raise typer.BadParameter("source must be log, db or both")
    settings = Settings()
    chosen = study_named(settings, study)
    path = report or launcher.STATE_DIR / "reports" / f"replay-{study}.json"
    code = replay(settings, make_sessionmaker(make_engine(settings)), chosen, source, path)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("replay")(replay_command)
