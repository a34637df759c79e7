"""In-memory stand-ins for the gateway's stores, keeping the contracts of the real ones in
rladapters (participant_store, learning_queries), which the e2e ring checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

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
    rows: dict[tuple[str, str], ParticipantView] = field(default_factory=dict)

    async def add(self, participant: ParticipantView) -> bool:
        key = (participant.study_id, participant.participant_id)
        if key in self.rows:
            return False
        self.rows[key] = participant
        return True

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None:
        return self.rows.get((study_id, participant_id))

    async def change_status(
        self, study_id: str, participant_id: str, change: StatusChange, actor: str
    ) -> ParticipantView | None:
        view = self.rows.get((study_id, participant_id))
        if view is None:
            return None
        changed = replace(view, status=change(view.status))  # a refusal raises: nothing written
        self.rows[(study_id, participant_id)] = changed
        return changed


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
