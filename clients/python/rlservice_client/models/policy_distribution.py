from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.action_probability import ActionProbability


T = TypeVar("T", bound="PolicyDistribution")


@_attrs_define
class PolicyDistribution:
    """
    Attributes:
        study_id (str):
        policy_version (int):
        state (list[float]):
        probabilities (list[ActionProbability]): one per action, by its number
    """

    study_id: str
    policy_version: int
    state: list[float]
    probabilities: list[ActionProbability]

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        policy_version = self.policy_version

        state = self.state

        probabilities = []
        for probabilities_item_data in self.probabilities:
            probabilities_item = probabilities_item_data.to_dict()
            probabilities.append(probabilities_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "policy_version": policy_version,
                "state": state,
                "probabilities": probabilities,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_probability import ActionProbability  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        policy_version = d.pop("policy_version")

        state = cast(list[float], d.pop("state"))

        probabilities = []
        _probabilities = d.pop("probabilities")
        for probabilities_item_data in _probabilities:
            probabilities_item = ActionProbability.from_dict(probabilities_item_data)

            probabilities.append(probabilities_item)

        policy_distribution = cls(
            study_id=study_id,
            policy_version=policy_version,
            state=state,
            probabilities=probabilities,
        )

        return policy_distribution
