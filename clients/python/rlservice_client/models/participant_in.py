from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.baseline import Baseline


T = TypeVar("T", bound="ParticipantIn")


@_attrs_define
class ParticipantIn:
    """
    Attributes:
        participant_id (str):
        baseline (Baseline | None | Unset):
    """

    participant_id: str
    baseline: Baseline | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.baseline import Baseline  # noqa: PLC0415

        participant_id = self.participant_id

        baseline: dict[str, Any] | None | Unset
        if isinstance(self.baseline, Unset):
            baseline = UNSET
        elif isinstance(self.baseline, Baseline):
            baseline = self.baseline.to_dict()
        else:
            baseline = self.baseline

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participant_id": participant_id,
            }
        )
        if baseline is not UNSET:
            field_dict["baseline"] = baseline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.baseline import Baseline  # noqa: PLC0415

        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        def _parse_baseline(data: object) -> Baseline | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                baseline_type_0 = Baseline.from_dict(data)

                return baseline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Baseline | None | Unset, data)

        baseline = _parse_baseline(d.pop("baseline", UNSET))

        participant_in = cls(
            participant_id=participant_id,
            baseline=baseline,
        )

        return participant_in
