"""Analysing a study: a participant's `timeline`, the `export` of its tables, and the
off-policy `evaluate` of a candidate policy."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.settings import Settings
from rlservice.studies import study_named

console = Console()


def timeline_command(
    study: Annotated[str, typer.Option(help="Study id")],
    participant: Annotated[str, typer.Option(help="Participant id")],
    step: Annotated[bool, typer.Option(help="Show one event at a time (Enter: next)")] = False,
) -> None:
    """Every request, decision, EMA record, reward and policy version of one participant."""
    from rlaudit.timeline import timeline

    settings = Settings()
    with make_sessionmaker(make_engine(settings))() as session:
        events = timeline(session, study_named(settings, study).id, participant)
    if events is None:
        raise typer.BadParameter(f"no participant {participant!r} in study {study!r}")
    for event in events:
        details = {k: v for k, v in event.items() if k not in ("step", "at", "kind")}
        console.print(
            f"[bold]{event['step']:>4}[/bold] {event['at']}  [cyan]{event['kind']}[/cyan]"
            f"  {json.dumps(details, default=str)}"
        )
        if step and sys.stdin.isatty():
            input()


def export_command(
    study: Annotated[str, typer.Option(help="Study id")],
    out: Annotated[Path, typer.Option(help="Output folder")] = Path("exports"),
    fmt: Annotated[list[str] | None, typer.Option("--format", help="csv and/or parquet")] = None,
) -> None:
    """Decisions, observations and policy versions of a study, as CSV and Parquet."""
    from rlaudit.exports import export_study

    settings = Settings()
    formats = fmt or ["csv", "parquet"]
    written = export_study(make_engine(settings), study_named(settings, study).id, out, formats)
    for table, paths in written.items():
        console.print(f"{table}: {', '.join(str(p) for p in paths)}")


def evaluate_command(
    study: Annotated[str, typer.Option(help="Study id")],
    candidate: Annotated[str, typer.Option(help="always, never, a probability, or version:N")],
    report: Annotated[Path | None, typer.Option(help="Write the estimates as JSON here")] = None,
) -> None:
    """Off-policy value of a candidate policy from the logged probabilities: IPW, self-normalized
    IPW and doubly robust, with 95% confidence intervals."""
    from rlservice.off_policy import off_policy

    settings = Settings()
    with make_sessionmaker(make_engine(settings))() as session:
        try:
            result = off_policy(session, study_named(settings, study), candidate)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    table = Table(
        "estimator",
        "value",
        "95% CI",
        "std error",
        "effective n",
        title=f"{study}: candidate {candidate} over {result['decisions']} decisions "
        f"(logged policy's mean reward {result['logged_policy_mean_reward']:.3f})",
    )
    for e in result["estimates"]:
        table.add_row(
            e["method"],
            f"{e['value']:.4f}",
            f"[{e['ci_low']:.4f}, {e['ci_high']:.4f}]",
            f"{e['std_error']:.4f}",
            f"{e['effective_sample_size']:.1f}",
        )
    console.print(table)
    if report:
        report.write_text(json.dumps(result, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline_command)
    app.command("export")(export_command)
    app.command("evaluate")(evaluate_command)
