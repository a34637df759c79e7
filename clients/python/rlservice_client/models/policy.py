from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.policy_fit_on import PolicyFitOn
    from ..models.policy_hyperparameters import PolicyHyperparameters


T = TypeVar("T", bound="Policy")


@_attrs_define
class Policy:
    """
    Attributes:
        version (int):
        parent_version (int | None):
        algorithm (str):
        hyperparameters (PolicyHyperparameters):
        fit_on (PolicyFitOn):
        code_version (str):
        created_at (datetime.datetime):
    """

    version: int
    parent_version: int | None
    algorithm: str
    hyperparameters: PolicyHyperparameters
    fit_on: PolicyFitOn
    code_version: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        parent_version: int | None
        parent_version = self.parent_version

        algorithm = self.algorithm

        hyperparameters = self.hyperparameters.to_dict()

        fit_on = self.fit_on.to_dict()

        code_version = self.code_version

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "parent_version": parent_version,
                "algorithm": algorithm,
                "hyperparameters": hyperparameters,
                "fit_on": fit_on,
                "code_version": code_version,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_fit_on import PolicyFitOn  # noqa: PLC0415
        from ..models.policy_hyperparameters import PolicyHyperparameters  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        def _parse_parent_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        parent_version = _parse_parent_version(d.pop("parent_version"))

        algorithm = d.pop("algorithm")

        hyperparameters = PolicyHyperparameters.from_dict(d.pop("hyperparameters"))

        fit_on = PolicyFitOn.from_dict(d.pop("fit_on"))

        code_version = d.pop("code_version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        policy = cls(
            version=version,
            parent_version=parent_version,
            algorithm=algorithm,
            hyperparameters=hyperparameters,
            fit_on=fit_on,
            code_version=code_version,
            created_at=created_at,
        )

        return policy
