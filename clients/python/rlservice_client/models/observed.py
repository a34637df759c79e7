from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.observed_record import ObservedRecord


T = TypeVar("T", bound="Observed")


@_attrs_define
class Observed:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['observation']):
        decision_index (int):
        rid (int):
        source (str):
        record (ObservedRecord):
        reward (float):
    """

    step: int
    at: datetime.datetime
    kind: Literal["observation"]
    decision_index: int
    rid: int
    source: str
    record: ObservedRecord
    reward: float

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        decision_index = self.decision_index

        rid = self.rid

        source = self.source

        record = self.record.to_dict()

        reward = self.reward

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "decision_index": decision_index,
                "rid": rid,
                "source": source,
                "record": record,
                "reward": reward,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.observed_record import ObservedRecord  # noqa: PLC0415

        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["observation"], d.pop("kind"))
        if kind != "observation":
            raise ValueError(f"kind must match const 'observation', got '{kind}'")

        decision_index = d.pop("decision_index")

        rid = d.pop("rid")

        source = d.pop("source")

        record = ObservedRecord.from_dict(d.pop("record"))

        reward = d.pop("reward")

        observed = cls(
            step=step,
            at=at,
            kind=kind,
            decision_index=decision_index,
            rid=rid,
            source=source,
            record=record,
            reward=reward,
        )

        return observed
