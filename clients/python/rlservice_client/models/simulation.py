from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.simulation_progress import SimulationProgress
    from ..models.simulation_results_type_0 import SimulationResultsType0


T = TypeVar("T", bound="Simulation")


@_attrs_define
class Simulation:
    """
    Attributes:
        session (str):
        started (datetime.datetime): when the run began
        study (None | str): the study simulated; null in a run's first instants
        running (bool):
        decisions (int | None): null until the run has finished
        replay_mismatches (int | None):
        progress (None | SimulationProgress):
        results (None | SimulationResultsType0): results.json; null until it finished
    """

    session: str
    started: datetime.datetime
    study: None | str
    running: bool
    decisions: int | None
    replay_mismatches: int | None
    progress: None | SimulationProgress
    results: None | SimulationResultsType0

    def to_dict(self) -> dict[str, Any]:
        from ..models.simulation_progress import SimulationProgress  # noqa: PLC0415
        from ..models.simulation_results_type_0 import SimulationResultsType0  # noqa: PLC0415

        session = self.session

        started = self.started.isoformat()

        study: None | str
        study = self.study

        running = self.running

        decisions: int | None
        decisions = self.decisions

        replay_mismatches: int | None
        replay_mismatches = self.replay_mismatches

        progress: dict[str, Any] | None
        if isinstance(self.progress, SimulationProgress):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        results: dict[str, Any] | None
        if isinstance(self.results, SimulationResultsType0):
            results = self.results.to_dict()
        else:
            results = self.results

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session": session,
                "started": started,
                "study": study,
                "running": running,
                "decisions": decisions,
                "replay_mismatches": replay_mismatches,
                "progress": progress,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simulation_progress import SimulationProgress  # noqa: PLC0415
        from ..models.simulation_results_type_0 import SimulationResultsType0  # noqa: PLC0415

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

        def _parse_progress(data: object) -> None | SimulationProgress:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = SimulationProgress.from_dict(data)

                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SimulationProgress, data)

        progress = _parse_progress(d.pop("progress"))

        def _parse_results(data: object) -> None | SimulationResultsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                results_type_0 = SimulationResultsType0.from_dict(data)

                return results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SimulationResultsType0, data)

        results = _parse_results(d.pop("results"))

        simulation = cls(
            session=session,
            started=started,
            study=study,
            running=running,
            decisions=decisions,
            replay_mismatches=replay_mismatches,
            progress=progress,
            results=results,
        )

        return simulation
