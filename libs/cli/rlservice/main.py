"""`rlservice`: bring the stack up, check it, and (later commands) simulate, replay, export."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from rldomain.study import Study, load_studies
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.db.migrate import upgrade
from rlkernel.kafka import ensure_topics
from rlkernel.secrets import secret
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice import launcher

app = typer.Typer(
    help="rl-service: decisions, data and policy updates for adaptive studies.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
console = Console()


@app.command()
def migrate() -> None:
    """Apply the database migrations (idempotent)."""
    upgrade(Settings())
    console.print("database migrated to head")


@app.command()
def topics() -> None:
    """Create the Kafka topics that are missing (audit topics keep their events forever)."""
    settings = Settings()
    created = asyncio.run(ensure_topics(settings, Topics(settings.rls_namespace).specs()))
    console.print(f"topics created: {', '.join(created) or 'none (all existed)'}")


@app.command()
def up(wait: float = typer.Option(90.0, help="Seconds to wait for every service to be ok")) -> None:
    """Migrate, create topics, start the four services (those not running), wait until healthy."""
    settings = Settings()
    migrate()
    topics()
    for name in launcher.SERVICE_NAMES:
        if launcher.start(name):
            console.print(f"started {name}")
    if settings.rls_env == "development" and launcher.start(
        "mockbackend", {"MOCK_BACKEND_TOKEN": secret("MIWAVES_BACKEND_TOKEN") or ""}
    ):
        console.print("started mockbackend (the MiWaves study's EMA endpoint, for development)")
    report = wait_healthy(settings, wait)
    print_health(report)
    if report.get("status") != "ok":
        raise typer.Exit(1)
    base = f"http://{settings.gateway_host}:{settings.gateway_port}"
    console.print(
        f"\n[bold]rl-service is up.[/bold] API: {base}   docs: {base}/docs   logs: .rlservice/logs/"
    )


@app.command()
def down() -> None:
    """Stop the four services (SIGTERM: each finishes its in-flight work first)."""
    for name in ("mockbackend", *reversed(launcher.SERVICE_NAMES)):
        if launcher.stop(name):
            console.print(f"stopped {name}")


@app.command()
def status() -> None:
    """Print /healthz as a table; exit 1 unless everything is ok."""
    report = fetch_health(Settings())
    print_health(report)
    if report.get("status") != "ok":
        raise typer.Exit(1)


def fetch_health(settings: Settings) -> dict[str, object]:
    url = f"http://{settings.gateway_host}:{settings.gateway_port}/healthz"
    try:
        body: dict[str, object] = httpx.get(url, timeout=5).json()
    except httpx.HTTPError as exc:
        return {"status": "down", "error": f"gateway not answering at {url}: {exc}"}
    return body


def wait_healthy(settings: Settings, seconds: float) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    with console.status("waiting for every service to report ok"):
        while True:
            report = fetch_health(settings)
            if report.get("status") == "ok" or time.monotonic() > deadline:
                return report
            time.sleep(0.5)


def print_health(report: dict[str, object]) -> None:
    table = Table("part", "kind", "status")
    for kind in ("services", "dependencies"):
        entries = report.get(kind)
        if isinstance(entries, dict):
            for name, entry in entries.items():
                status = entry.get("status", "?")
                colour = "green" if status == "ok" else "red"
                table.add_row(name, kind[:-1].replace("ie", "y"), f"[{colour}]{status}[/{colour}]")
    console.print(table)
    if "error" in report:
        console.print(f"[red]{report['error']}[/red]")


@app.command("replay")
def replay_command(
    study: Annotated[str, typer.Option(help="Study id")],
    source: Annotated[str, typer.Option(help="log, db, or both (also compares the two)")] = "both",
    report: Annotated[Path | None, typer.Option(help="Report file (JSON)")] = None,
) -> None:
    """Re-derive every decision and policy version of a study; exit 1 on any mismatch."""
    from rlservice.audit import replay

    if source not in ("log", "db", "both"):
        raise typer.BadParameter("source must be log, db or both")
    settings = Settings()
    studies = load_studies(settings.studies_dir)
    if study not in studies:
        raise typer.BadParameter(f"no study {study!r}; known: {', '.join(sorted(studies))}")
    path = report or launcher.STATE_DIR / "reports" / f"replay-{study}.json"
    code = replay(settings, make_sessionmaker(make_engine(settings)), studies[study], source, path)
    raise typer.Exit(code)


def _study(settings: Settings, study_id: str) -> Study:
    studies = load_studies(settings.studies_dir)
    if study_id not in studies:
        raise typer.BadParameter(f"no study {study_id!r}; known: {', '.join(sorted(studies))}")
    return studies[study_id]


@app.command("timeline")
def timeline_command(
    study: Annotated[str, typer.Option(help="Study id")],
    participant: Annotated[str, typer.Option(help="Participant id")],
    step: Annotated[bool, typer.Option(help="Show one event at a time (Enter: next)")] = False,
) -> None:
    """Every request, decision, EMA record, reward and policy version of one participant."""
    from rlaudit.timeline import timeline

    settings = Settings()
    with make_sessionmaker(make_engine(settings))() as session:
        events = timeline(session, _study(settings, study).id, participant)
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


@app.command("export")
def export_command(
    study: Annotated[str, typer.Option(help="Study id")],
    out: Annotated[Path, typer.Option(help="Output folder")] = Path("exports"),
    fmt: Annotated[list[str] | None, typer.Option("--format", help="csv and/or parquet")] = None,
) -> None:
    """Decisions, observations and policy versions of a study, as CSV and Parquet."""
    from rlaudit.exports import export_study

    settings = Settings()
    formats = fmt or ["csv", "parquet"]
    written = export_study(make_engine(settings), _study(settings, study).id, out, formats)
    for table, paths in written.items():
        console.print(f"{table}: {', '.join(str(p) for p in paths)}")


@app.command("evaluate")
def evaluate_command(
    study: Annotated[str, typer.Option(help="Study id")],
    candidate: Annotated[str, typer.Option(help="always, never, a probability, or version:N")],
    report: Annotated[Path | None, typer.Option(help="Write the estimates as JSON here")] = None,
) -> None:
    """Off-policy value of a candidate policy from the logged probabilities: IPW, self-normalized
    IPW and doubly robust, with 95% confidence intervals."""
    from rlservice.analysis import off_policy

    settings = Settings()
    with make_sessionmaker(make_engine(settings))() as session:
        try:
            result = off_policy(session, _study(settings, study), candidate)
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


@app.command("simulate")
def simulate_command(
    study: Annotated[str, typer.Option(help="A MiWaves-style study id")] = "miwaves",
    participants: Annotated[int, typer.Option(min=1, max=2000)] = 20,
    days: Annotated[int, typer.Option(min=1, max=60, help="Study days per participant")] = 10,
    seconds: Annotated[float, typer.Option(min=10, help="Real seconds the run should take")] = 60,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    compare: Annotated[str | None, typer.Option(help="A previous session to compare with")] = None,
) -> None:
    """Run a simulated study against the real services on an accelerated clock; print a summary,
    write plots and results, keep the session; exit 1 if its replay finds a mismatch."""
    from rlservice.simulate import simulate

    settings = Settings()
    try:
        code = simulate(
            settings, _study(settings, study), participants, days, seconds, seed, compare
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    raise typer.Exit(code)
