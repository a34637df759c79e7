"""In-memory stand-ins for the gateway's stores, keeping the contracts of the real ones in
rladapters (participant_store, learning_queries), which the e2e ring checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from uuid import UUID

from rladapters.notification_times import Source, TimesProposal, TimesVersion
from rladapters.participant_history import ParticipantFilter, ParticipantSummary, StatusRecord
from rladapters.participants import ParticipantView, StatusChange
from rlkernel.db.models import UpdateRequest, WindowRecord
from rlkernel.events import ActionRequested, Event, UpdateRequested
from tests.component.fakes import FakePublisher


@dataclass
class FixedClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


@dataclass
class AnsweringPublisher(FakePublisher):
    """Also plays the decision service: `on_request` sees every ActionRequested published."""

    on_request: Callable[[ActionRequested], Awaitable[None]] | None = None

    async def publish(self, event: Event) -> None:
        await super().publish(event)
        if isinstance(event, ActionRequested) and self.on_request is not None:
            await self.on_request(event)


@dataclass
class InMemoryParticipants:
    """Keeps participant_store's contract: registration and every change append to the
    participant's history, a refused change writes nothing, a listing is a page by id."""

    rows: dict[tuple[str, str], ParticipantView] = field(default_factory=dict)
    changes: list[StatusRecord] = field(default_factory=list)
    registered_at: datetime = datetime(2026, 3, 1, 12, tzinfo=UTC)

    async def add(self, participant: ParticipantView) -> bool:
        key = (participant.study_id, participant.participant_id)
        if key in self.rows:
            return False
        self.rows[key] = participant
        self._append(participant, None, participant.status, "registration", None)
        return True

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None:
        return self.rows.get((study_id, participant_id))

    async def change_status(
        self,
        study_id: str,
        participant_id: str,
        change: StatusChange,
        actor: str,
        note: str | None = None,
    ) -> tuple[ParticipantView, StatusRecord] | None:
        view = self.rows.get((study_id, participant_id))
        if view is None:
            return None
        changed = replace(view, status=change(view.status))  # a refusal raises: nothing written
        self.rows[(study_id, participant_id)] = changed
        return changed, self._append(changed, view.status, changed.status, actor, note)

    async def listing(self, study_id: str, wanted: ParticipantFilter) -> list[ParticipantSummary]:
        matching = sorted(
            p
            for (s, p), view in self.rows.items()
            if s == study_id
            and (not wanted.statuses or view.status in wanted.statuses)
            and (wanted.after is None or p > wanted.after)
        )
        return [self._summary(self.rows[(study_id, p)]) for p in matching[: wanted.limit]]

    async def status_history(self, study_id: str, participant_id: str) -> list[StatusRecord]:
        return [
            c for c in self.changes if (c.study_id, c.participant_id) == (study_id, participant_id)
        ]

    async def change_times(
        self,
        study_id: str,
        participant_id: str,
        propose: TimesProposal,
        at: datetime,
        source: Source,
        actor: str,
    ) -> tuple[ParticipantView, TimesVersion | None] | None:
        view = self.rows.get((study_id, participant_id))
        if view is None:
            return None
        times = propose(view)  # a refusal raises: nothing written
        if times is None:
            return view, None
        version = TimesVersion(at, times, source, actor)
        changed = replace(view, times_changes=(*view.times_changes, version))
        self.rows[(study_id, participant_id)] = changed
        return changed, version

    def _append(
        self, view: ParticipantView, before: str | None, after: str, by: str, note: str | None
    ) -> StatusRecord:
        record = StatusRecord(
            len(self.changes) + 1,
            view.study_id,
            view.participant_id,
            before,
            after,
            by,
            note,
            self.registered_at,
        )
        self.changes.append(record)
        return record

    def _summary(self, view: ParticipantView) -> ParticipantSummary:
        return ParticipantSummary(
            view.participant_id,
            view.status,
            self.registered_at,
            None,
            view.rl_start_date,
            view.rl_end_date,
            0,
            None,
        )


@dataclass
class InMemoryUpdateRequests:
    rows: dict[UUID, UpdateRequest] = field(default_factory=dict)

    async def add(self, request: UpdateRequested) -> None:
        self.rows[request.update_id] = UpdateRequest(
            update_id=request.update_id,
            study_id=request.study_id,
            requested_at=request.requested_at,
            callback_url=request.callback_url,
            status="processing",
        )

    async def get(self, update_id: UUID) -> UpdateRequest | None:
        return self.rows.get(update_id)


@dataclass
class InMemoryFailedWindows:
    rows: list[WindowRecord] = field(default_factory=list)

    async def of_study(self, study_id: str) -> list[WindowRecord]:
        failed = [w for w in self.rows if w.study_id == study_id and w.status == "failed"]
        return sorted(failed, key=lambda w: w.updated_at)

    async def reopen(self, study_id: str) -> list[WindowRecord]:
        failed = await self.of_study(study_id)
        for w in failed:
            w.status = "pending"
        return failed
