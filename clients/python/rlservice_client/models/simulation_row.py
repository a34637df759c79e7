from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SimulationRow")


@_attrs_define
class SimulationRow:
    """
    Attributes:
        session (str):
        started (datetime.datetime): when the run began
        study (None | str): the study simulated; null in a run's first instants
        running (bool):
        decisions (int | None): null until the run has finished
        replay_mismatches (int | None):
    """

    session: str
    started: datetime.datetime
    study: None | str
    running: bool
    decisions: int | None
    replay_mismatches: int | None

    def to_dict(self) -> dict[str, Any]:
        session = self.session

        started = self.started.isoformat()

        study: None | str
        study = self.study

        running = self.running

        decisions: int | None
        decisions = self.decisions

        replay_mismatches: int | None
        replay_mismatches = self.replay_mismatches

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session": session,
                "started": started,
                "study": study,
                "running": running,
                "decisions": decisions,
                "replay_mismatches": replay_mismatches,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session = d.pop("session")

        started = datetime.datetime.fromisoformat(d.pop("started"))

        def _parse_study(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        study = _parse_study(d.pop("study"))

        running = d.pop("running")

        def _parse_decisions(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        decisions = _parse_decisions(d.pop("decisions"))

        def _parse_replay_mismatches(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        replay_mismatches = _parse_replay_mismatches(d.pop("replay_mismatches"))

        simulation_row = cls(
            session=session,
            started=started,
            study=study,
            running=running,
            decisions=decisions,
            replay_mismatches=replay_mismatches,
        )

        return simulation_row
