"""What ingest's handlers need from the world, as Protocols: the service gives them the real
PostgreSQL, Redis, HTTP and Kafka; component tests give them in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from ingest.candidates import Candidate, Outcome
from rladapters.notification_times import Source, TimesProposal, TimesVersion
from rladapters.participants import ParticipantView
from rldomain.schedule import Window
from rldomain.study import EmaEndpoint, Study
from rlkernel.consuming import DeadLetters
from rlkernel.publishing import Publishes
from rlkernel.topics import Topics


class Pull(Protocol):
    """The window's `ema_data` from the study backend; raises PullFailed with a reason."""

    async def __call__(
        self, endpoint: EmaEndpoint, user_id: str, window: Window
    ) -> dict[str, Any]: ...


class Store(Protocol):
    """Stores what checks out, naming the problems of the rest (see storing.store)."""

    async def __call__(
        self,
        study: Study,
        participant_id: str,
        candidates: list[Candidate],
        window: Window | None,
        problems: list[str],
    ) -> Outcome: ...


class WindowStatus(Protocol):
    async def __call__(self, study_id: str, participant_id: str, index: int) -> str | None: ...


class Rewards(Protocol):
    """Each participant's recent rewards, which the next decision's state is built from."""

    async def refresh(self, study_id: str, participant_id: str) -> None:
        """Re-read from the record after new observations were committed."""
        ...


class MarksPublished(Protocol):
    async def __call__(self, observation_ids: Sequence[int]) -> None: ...


class ChangesTimes(Protocol):
    """A participant's notification times changed as `propose` says, under their row lock
    (rladapters' ParticipantStore.change_times)."""

    async def __call__(
        self,
        study_id: str,
        participant_id: str,
        propose: TimesProposal,
        at: datetime,
        source: Source,
        actor: str,
    ) -> tuple[ParticipantView, TimesVersion | None] | None: ...


@dataclass(frozen=True)
class IngestDeps:
    studies: Mapping[str, Study]
    topics: Topics
    publisher: Publishes
    history: Rewards
    pull: Pull
    store: Store
    window_status: WindowStatus
    dead_letter: DeadLetters
    mark_published: MarksPublished
    change_times: ChangesTimes
    now: Callable[[], datetime]  # the service clock
