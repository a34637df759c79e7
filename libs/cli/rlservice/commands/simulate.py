"""Simulating a study: `simulate` plays a mobile backend against a deployment of its own."""

from __future__ import annotations

from typing import Annotated

import typer

from rlkernel.settings import Settings
from rlservice.studies import study_named


def simulate_command(
    study: Annotated[
        str, typer.Option(help="miwaves, or a study whose file declares a simulation: section")
    ] = "miwaves",
    participants: Annotated[int, typer.Option(min=1, max=2000)] = 20,
    days: Annotated[int, typer.Option(min=1, max=60, help="Study days per participant")] = 10,
    seconds: Annotated[float, typer.Option(min=10, help="Real seconds the run should take")] = 60,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    compare: Annotated[str | None, typer.Option(help="A previous session to compare with")] = None,
) -> None:
    """Run a simulated study against the real services on an accelerated clock; print a summary,
    write plots and results, keep the session; exit 1 if its replay finds a mismatch."""
    from rlservice.live_simulation.run import simulate

    settings = Settings()
    try:
        code = simulate(
            settings, study_named(settings, study), participants, days, seconds, seed, compare
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_command)
