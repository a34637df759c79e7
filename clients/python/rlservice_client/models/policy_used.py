from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.policy_used_fit_on import PolicyUsedFitOn


T = TypeVar("T", bound="PolicyUsed")


@_attrs_define
class PolicyUsed:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['policy_version']):
        version (int):
        parent_version (int | None):
        algorithm (str):
        fit_on (PolicyUsedFitOn):
        code_version (str):
    """

    step: int
    at: datetime.datetime
    kind: Literal["policy_version"]
    version: int
    parent_version: int | None
    algorithm: str
    fit_on: PolicyUsedFitOn
    code_version: str

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        version = self.version

        parent_version: int | None
        parent_version = self.parent_version

        algorithm = self.algorithm

        fit_on = self.fit_on.to_dict()

        code_version = self.code_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "version": version,
                "parent_version": parent_version,
                "algorithm": algorithm,
                "fit_on": fit_on,
                "code_version": code_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_used_fit_on import PolicyUsedFitOn  # noqa: PLC0415

        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["policy_version"], d.pop("kind"))
        if kind != "policy_version":
            raise ValueError(f"kind must match const 'policy_version', got '{kind}'")

        version = d.pop("version")

        def _parse_parent_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        parent_version = _parse_parent_version(d.pop("parent_version"))

        algorithm = d.pop("algorithm")

        fit_on = PolicyUsedFitOn.from_dict(d.pop("fit_on"))

        code_version = d.pop("code_version")

        policy_used = cls(
            step=step,
            at=at,
            kind=kind,
            version=version,
            parent_version=parent_version,
            algorithm=algorithm,
            fit_on=fit_on,
            code_version=code_version,
        )

        return policy_used
