"""`rlservice digest --study S [--day D] [--out DIR]`: the daily report for a trial team, as
text on stdout and, with --out, as an HTML file (rlservice.digest_report). Reads PostgreSQL
directly, so it works with the services down; the day defaults to yesterday by the service
clock, in the study's time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from rladapters.monitoring.digest import collect
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.settings import Settings
from rlservice.digest_report import html, text
from rlservice.studies import study_named


def digest_command(
    study: Annotated[str, typer.Option(help="Study id")],
    day: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Day (default: yesterday)")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Also write DIR/digest-STUDY-DAY.html")] = None,
) -> None:
    """A study's day: decisions, treated share, probabilities, EMA missingness, incidents,
    policy version and age, dead letters and failed windows."""
    settings = Settings()
    found = study_named(settings, study)
    today = settings.clock().now().astimezone(ZoneInfo(found.timezone)).date()
    chosen: date = day.date() if day else today - timedelta(days=1)
    with make_sessionmaker(make_engine(settings))() as session:
        digest = collect(session, found, chosen)
    typer.echo(text(digest), nl=False)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"digest-{found.id}-{chosen.isoformat()}.html"
        path.write_text(html(digest), encoding="utf-8")
        typer.echo(f"written: {path}")


def register(app: typer.Typer) -> None:
    app.command("digest")(digest_command)
