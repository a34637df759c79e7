"""The bar a simulation shows while it plays: windows done, the study day, decisions so far.
Transient, so the summary table that follows stands alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import Progress

WindowPlayed = Callable[[int, int], None]  # (calendar day, decisions so far)


@contextmanager
def window_progress(windows: int, days: int) -> Iterator[WindowPlayed]:
    with Progress(transient=True) as progress:
        task = progress.add_task("simulating", total=windows)

        def played(day: int, decisions: int) -> None:
            progress.update(
                task, advance=1, description=f"day {day + 1}/{days}, {decisions} decisions"
            )

        yield played
