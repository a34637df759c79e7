from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.action_probability import ActionProbability
    from ..models.advantage_posterior import AdvantagePosterior


T = TypeVar("T", bound="PolicyDistribution")


@_attrs_define
class PolicyDistribution:
    """
    Attributes:
        study_id (str):
        policy_version (int):
        state (list[float]):
        probabilities (list[ActionProbability]): one per action, by its number
        advantages (list[AdvantagePosterior] | None): the posterior of actions 1..K-1's advantages; null: a policy
            without one
    """

    study_id: str
    policy_version: int
    state: list[float]
    probabilities: list[ActionProbability]
    advantages: list[AdvantagePosterior] | None

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        policy_version = self.policy_version

        state = self.state

        probabilities = []
        for probabilities_item_data in self.probabilities:
            probabilities_item = probabilities_item_data.to_dict()
            probabilities.append(probabilities_item)

        advantages: list[dict[str, Any]] | None
        if isinstance(self.advantages, list):
            advantages = []
            for advantages_type_0_item_data in self.advantages:
                advantages_type_0_item = advantages_type_0_item_data.to_dict()
                advantages.append(advantages_type_0_item)

        else:
            advantages = self.advantages

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "policy_version": policy_version,
                "state": state,
                "probabilities": probabilities,
                "advantages": advantages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_probability import ActionProbability  # noqa: PLC0415
        from ..models.advantage_posterior import AdvantagePosterior  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        policy_version = d.pop("policy_version")

        state = cast(list[float], d.pop("state"))

        probabilities = []
        _probabilities = d.pop("probabilities")
        for probabilities_item_data in _probabilities:
            probabilities_item = ActionProbability.from_dict(probabilities_item_data)

            probabilities.append(probabilities_item)

        def _parse_advantages(data: object) -> list[AdvantagePosterior] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                advantages_type_0 = []
                _advantages_type_0 = data
                for advantages_type_0_item_data in _advantages_type_0:
                    advantages_type_0_item = AdvantagePosterior.from_dict(advantages_type_0_item_data)

                    advantages_type_0.append(advantages_type_0_item)

                return advantages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AdvantagePosterior] | None, data)

        advantages = _parse_advantages(d.pop("advantages"))

        policy_distribution = cls(
            study_id=study_id,
            policy_version=policy_version,
            state=state,
            probabilities=probabilities,
            advantages=advantages,
        )

        return policy_distribution
