"""Simulating a study: `simulate` plays a mobile backend against a deployment of its own and then
keeps only the last SIMULATIONS_KEPT sessions; `simulate list` and `simulate delete` manage them.

`simulate` is a group whose callback runs a simulation when no subcommand follows, so the
command line `rlservice simulate --study miwaves --participants 20` works as it always has."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from rlkernel.settings import Settings
from rlservice.studies import study_named

console = Console()
app = typer.Typer()  # its help is the callback's


@app.callback(invoke_without_command=True)
def simulate_command(
    ctx: typer.Context,
    study: Annotated[
        str, typer.Option(help="miwaves, or a study whose file declares a simulation: section")
    ] = "miwaves",
    participants: Annotated[int, typer.Option(min=1, max=2000)] = 20,
    days: Annotated[int, typer.Option(min=1, max=60, help="Study days per participant")] = 10,
    seconds: Annotated[
        float,
        typer.Option(
            min=10, help="Real seconds the run paces itself to (a slower machine takes longer)"
        ),
    ] = 60,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    compare: Annotated[str | None, typer.Option(help="A previous session to compare with")] = None,
) -> None:
    """Run a simulated study against the real services on a stepped clock; print a summary,
    write plots and results, keep the session (deleting the oldest beyond SIMULATIONS_KEPT);
    exit 1 if its replay finds a mismatch. `simulate list` and `simulate delete SESSION` manage
    the sessions kept."""
    if ctx.invoked_subcommand is not None:
        return
    from rlservice.live_simulation.run import simulate

    settings = Settings()
    try:
        code = simulate(
            settings, study_named(settings, study), participants, days, seconds, seed, compare
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    _prune(settings)
    raise typer.Exit(code)


def _prune(settings: Settings) -> None:
    """Keeps the last SIMULATIONS_KEPT sessions. A store that fails here does not change the
    run's exit code: the run is over, and the next one prunes again."""
    from rlservice.live_simulation.session_stores import STORE_ERRORS, LiveStores
    from rlservice.live_simulation.sessions import prune

    try:
        pruned = prune(settings.simulations_dir, settings.simulations_kept, LiveStores(settings))
    except STORE_ERRORS as exc:
        console.print(f"[yellow]could not delete the older sessions: {type(exc).__name__}")
        return
    if pruned:
        console.print(
            f"deleted the sessions beyond the last {settings.simulations_kept} "
            f"(SIMULATIONS_KEPT): {', '.join(pruned)}"
        )


@app.command("list")
def list_command(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="The newest N sessions")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list instead of a table")] = (
        False
    ),
) -> None:
    """The simulation sessions kept, newest first: study, start, decisions, replay mismatches,
    size on disk, and whether their database and topics still exist."""
    from rlservice.live_simulation.session_stores import LiveStores
    from rlservice.live_simulation.sessions import list_sessions

    settings = Settings()
    found = list_sessions(settings.simulations_dir, LiveStores(settings), limit)
    if as_json:
        print(json.dumps([s.as_json() for s in found], indent=2))
        return
    # The session id says when it started (the JSON has "started" too).
    table = Table(title=f"simulation sessions in {settings.simulations_dir}", box=box.SIMPLE_HEAD)
    table.add_column("session", no_wrap=True, min_width=20)
    for header in ("study", "decisions", "replay mismatches", "MB", "db", "topics", "running"):
        table.add_column(header)
    for s in found:
        table.add_row(
            s.session,
            s.study or "?",
            _or_dash(s.decisions),
            _or_dash(s.replay_mismatches),
            f"{s.size_bytes / 1e6:.1f}",
            "yes" if s.stored.database else "gone",
            str(s.stored.topics),
            "yes" if s.running else "",
        )
    console.print(table)


@app.command("delete")
def delete_command(
    session: Annotated[str, typer.Argument(help="A session id, as `simulate list` shows it")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Delete a session: drop its database, delete its topics and Redis keys, remove its folder.
    A session cut short halfway can be deleted again; a running one is refused."""
    from rlservice.live_simulation.session_stores import LiveStores
    from rlservice.live_simulation.sessions import SessionRunning, delete

    settings = Settings()
    if not yes:
        typer.confirm(f"Delete simulation session {session} and everything it stored?", abort=True)
    try:
        stored, had_folder = delete(settings.simulations_dir, session, LiveStores(settings))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    except SessionRunning:
        console.print(f"[red]session {session} is running; delete it once it has ended")
        raise typer.Exit(1) from None
    if not (stored.database or stored.topics or had_folder):
        console.print(f"nothing of session {session} was left")
        return
    console.print(
        f"deleted session {session}: database {'dropped' if stored.database else 'already gone'}, "
        f"{stored.topics} topics deleted, folder {'removed' if had_folder else 'already gone'}"
    )


def _or_dash(value: int | None) -> str:
    return "-" if value is None else str(value)


def register(root: typer.Typer) -> None:
    root.add_typer(
        app,
        name="simulate",
        short_help="Run a simulated study against the real services; list and delete sessions.",
    )
