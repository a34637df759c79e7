"""A participant's notification times, versioned: each change after registration as it is
stored (`participants.times_changes`, oldest first, JSON) and announced. The registration's
times stay in the baseline; `ParticipantStore.change_times` is the one way to append a change,
for the native route and for ingest's EMA records alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from rldomain.schedule import TimesChange, WeekTimes
from rlkernel.events import NotificationTimesChanged

if TYPE_CHECKING:
    from rladapters.participants import ParticipantView

Source = Literal["api", "miwaves_ema"]  # the native route; an EMA record carrying new times
# A 70-day trial whose participant moved their times every day has 70: the bound only keeps a
# runaway client (or backend) from growing the participant row, read on every action request.
MAX_CHANGES = 200


@dataclass(frozen=True)
class TimesVersion:
    """One change: when rl-service learnt it (never backdated), the week's times, where it
    came from and who made it (a client, or `ingest` for an EMA record)."""

    at: datetime
    times: WeekTimes
    source: Source
    actor: str

    @property
    def change(self) -> TimesChange:
        return TimesChange(self.at, self.times)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "times": [list(day) for day in self.times],
            "source": self.source,
            "actor": self.actor,
        }

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> TimesVersion:
        return cls(
            at=datetime.fromisoformat(entry["at"]),
            times=tuple(tuple(day) for day in entry["times"]),
            source=cast(Source, entry["source"]),
            actor=entry["actor"],
        )


def versions_of(stored: Sequence[Mapping[str, Any]]) -> tuple[TimesVersion, ...]:
    return tuple(TimesVersion.from_json(entry) for entry in stored)


# Given the participant as stored, under the row lock: the times to change to, or None when
# there is nothing to change; raising refuses the change (nothing is written).
TimesProposal = Callable[["ParticipantView"], WeekTimes | None]


def announced_times(
    study_id: str, participant_id: str, version: TimesVersion
) -> NotificationTimesChanged:
    """The event of a stored change, published once it is stored."""
    return NotificationTimesChanged(
        study_id=study_id,
        participant_id=participant_id,
        at=version.at,
        times=[list(day) for day in version.times],
        source=version.source,
        actor=version.actor,
    )
