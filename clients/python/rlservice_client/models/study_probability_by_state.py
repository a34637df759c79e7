from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.state_probability import StateProbability


T = TypeVar("T", bound="StudyProbabilityByState")


@_attrs_define
class StudyProbabilityByState:
    """
    Attributes:
        study_id (str):
        timezone (str):
        names (list[str]): the study's state entries, in a state's order
        decisions (int): policy decisions in the range (fallbacks have no state)
        distinct (int): states seen; with a continuous entry nearly every decision is its own
        states (list[StateProbability]): the most frequent states first, at most 24, then one row for the others
    """

    study_id: str
    timezone: str
    names: list[str]
    decisions: int
    distinct: int
    states: list[StateProbability]

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        timezone = self.timezone

        names = self.names

        decisions = self.decisions

        distinct = self.distinct

        states = []
        for states_item_data in self.states:
            states_item = states_item_data.to_dict()
            states.append(states_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "timezone": timezone,
                "names": names,
                "decisions": decisions,
                "distinct": distinct,
                "states": states,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.state_probability import StateProbability  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        timezone = d.pop("timezone")

        names = cast(list[str], d.pop("names"))

        decisions = d.pop("decisions")

        distinct = d.pop("distinct")

        states = []
        _states = d.pop("states")
        for states_item_data in _states:
            states_item = StateProbability.from_dict(states_item_data)

            states.append(states_item)

        study_probability_by_state = cls(
            study_id=study_id,
            timezone=timezone,
            names=names,
            decisions=decisions,
            distinct=distinct,
            states=states,
        )

        return study_probability_by_state
