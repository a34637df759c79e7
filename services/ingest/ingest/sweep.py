"""The sweep of expired windows: a decided window that no call closed (a backend missed its
`end_decision_window`) is closed by ingest itself once its study's grace has passed since the
window ended, so its outcome data is still pulled, and the window's row says `closed_by: sweep`.

Any number of ingest replicas may sweep at once, with no leader: a window is claimed in
PostgreSQL before its `windows.closed` is published (`UnclosedWindows.claim`), and only the
replica whose claim wins publishes it. Ingest then pulls it like any other close, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from prometheus_client import Counter

from rldomain.schedule import ParticipantSchedule, StudyCalendar, Window, window
from rldomain.study import Study
from rlkernel.events import WindowClosed
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes

log = get_logger(__name__)
SWEPT = Counter(
    "rls_windows_swept_total", "Decided windows no call closed, closed by the sweep", ["study"]
)
ROUNDS = Counter("rls_window_sweeps_total", "Rounds of the sweep of expired windows finished")


@dataclass(frozen=True)
class Slot:
    """A decided slot whose window no close has reached yet."""

    decision_id: int  # the decision's row id: the sweep pages through them in its order
    participant_id: str
    decision_index: int
    schedule: ParticipantSchedule | None  # None: registered without RL dates


def due(
    calendar: StudyCalendar, slots: Iterable[Slot], now: datetime, grace: timedelta
) -> list[tuple[str, Window]]:
    """The slots' windows that ended at least `grace` before `now`, by each participant's own
    schedule, with whose they are."""
    found = []
    for slot in slots:
        if slot.schedule is None:
            continue
        w = window(calendar, slot.schedule, slot.decision_index)
        if now - w.end >= grace:
            found.append((slot.participant_id, w))
    return found


class UnclosedWindows(Protocol):
    async def unclosed(
        self, study_id: str, decided_before: datetime, after_id: int, limit: int
    ) -> list[Slot]:
        """Decided slots of the study with no window row (or whose sweep claim was never
        published), decided before `decided_before`, after decision `after_id`, in id order."""
        ...

    async def claim(
        self, study_id: str, windows: Sequence[tuple[str, Window]]
    ) -> list[tuple[str, Window]]:
        """The windows this caller now holds as swept (a pending row marked `sweep`); a window
        someone closed or claimed in the meantime is left out."""
        ...


@dataclass(frozen=True)
class WindowSweep:
    studies: Mapping[str, Study]
    windows: UnclosedWindows
    publisher: Publishes
    now: Callable[[], datetime]  # the service clock
    page: int = 500

    async def run_once(self) -> int:
        """One round over every study that pulls by window; returns how many it closed."""
        now = self.now()
        swept = 0
        for study in self.studies.values():
            if study.pulls_by_window:
                swept += await self._study(study, now)
        ROUNDS.inc()
        return swept

    async def _study(self, study: Study, now: datetime) -> int:
        grace = timedelta(minutes=study.windows.sweep_after_minutes)
        calendar = StudyCalendar.of(study)
        swept, after = 0, 0
        while True:
            # A window that ended `grace` ago was decided before then: the rest are not due.
            slots = await self.windows.unclosed(study.id, now - grace, after, self.page)
            claimed = await self.windows.claim(study.id, due(calendar, slots, now, grace))
            for participant_id, w in claimed:
                await self.publisher.publish(
                    WindowClosed.of(study.id, participant_id, w, closed_by="sweep")
                )
            swept += len(claimed)
            if len(slots) < self.page:
                break
            after = slots[-1].decision_id
        if swept:
            SWEPT.labels(study.id).inc(swept)
            log.info("windows_swept", study_id=study.id, count=swept)
        return swept

    async def forever(self, every: float) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as exc:  # PostgreSQL or Kafka away: the next round tries again
                log.warning("window_sweep_failed", error=type(exc).__name__)
            await asyncio.sleep(every)
