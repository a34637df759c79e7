"""Topic names and their retention: the only place either is spelled out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rlkernel.events import Event

FOREVER = "-1"
WEEK_MS = str(7 * 24 * 3600 * 1000)
HOUR_MS = str(3600 * 1000)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    retention_ms: str
    audit: bool  # audit topics are kept forever and replayed for audits


@dataclass(frozen=True)
class Topics:
    """All topics of one namespace; `Topics("rls").decisions_made == "rls.decisions.made"`."""

    namespace: str

    def _t(self, name: str) -> str:
        return f"{self.namespace}.{name}"

    @property
    def actions_requested(self) -> str:
        return self._t("actions.requested")

    @property
    def decisions_made(self) -> str:
        return self._t("decisions.made")

    @property
    def windows_closed(self) -> str:
        return self._t("windows.closed")

    @property
    def data_uploaded(self) -> str:
        return self._t("data.uploaded")

    @property
    def observations_ingested(self) -> str:
        return self._t("observations.ingested")

    @property
    def updates_requested(self) -> str:
        return self._t("updates.requested")

    @property
    def policies_updated(self) -> str:
        return self._t("policies.updated")

    @property
    def policy_controls(self) -> str:
        return self._t("policy.controls")

    @property
    def study_controls(self) -> str:
        return self._t("study.controls")

    @property
    def participant_status(self) -> str:
        return self._t("participants.status")

    @property
    def participant_times(self) -> str:
        return self._t("participants.times")

    @property
    def dead_letter(self) -> str:
        return self._t("dead-letter")

    def of(self, event: Event) -> str:
        """The topic an event belongs on: events name it, so no publish site spells it out."""
        return str(getattr(self, event.topic_attr))

    def replies(self, gateway_instance: str) -> str:
        """Each gateway instance reads the decision replies meant for it from its own topic."""
        return self._t(f"replies.{gateway_instance}")

    def group(self, service: str) -> str:
        return self._t(service)

    def specs(self) -> list[TopicSpec]:
        audit = [
            self.actions_requested,
            self.decisions_made,
            self.windows_closed,
            self.data_uploaded,
            self.observations_ingested,
            self.updates_requested,
            self.policies_updated,
            self.policy_controls,
            self.study_controls,
            self.participant_status,
            self.participant_times,
            self.dead_letter,
        ]
        return [TopicSpec(name, 4, FOREVER, True) for name in audit]

    def reply_spec(self, gateway_instance: str) -> TopicSpec:
        # Replies matter only while a request waits: an hour is plenty.
        return TopicSpec(self.replies(gateway_instance), 1, HOUR_MS, False)
