"""How far a simulation has played, shown twice: as the terminal's bar (windows done, the study
day, decisions so far; transient, so the summary table that follows stands alone) and as the
session folder's progress.json, which the gateway streams to the dashboard while the run holds
its lock (rladapters.simulation_sessions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import Progress

from rladapters.simulation_sessions import Progress as Stored
from rladapters.simulation_sessions import write_progress

WindowPlayed = Callable[[int, int], None]  # (calendar day, decisions so far)


@contextmanager
def window_progress(windows: int, days: int, folder: Path) -> Iterator[WindowPlayed]:
    write_progress(folder, Stored(done=0, total=windows, day=0, days=days, decisions=0))
    done = 0
    with Progress(transient=True) as progress:
        task = progress.add_task("simulating", total=windows)

        def played(day: int, decisions: int) -> None:
            nonlocal done
            done += 1
            progress.update(
                task, advance=1, description=f"day {day + 1}/{days}, {decisions} decisions"
            )
            write_progress(folder, Stored(done, windows, day + 1, days, decisions))

        yield played
