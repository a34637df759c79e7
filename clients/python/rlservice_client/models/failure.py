from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Failure")


@_attrs_define
class Failure:
    """Every 4xx and 503 body (gateway.errors); `code` is stable, clients branch on it.

    Attributes:
        status (Literal['failure']):
        code (str):
        message (str):
    """

    status: Literal["failure"]
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "code": code,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["failure"], d.pop("status"))
        if status != "failure":
            raise ValueError(f"status must match const 'failure', got '{status}'")

        code = d.pop("code")

        message = d.pop("message")

        failure = cls(
            status=status,
            code=code,
            message=message,
        )

        return failure
