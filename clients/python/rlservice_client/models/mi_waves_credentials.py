from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MiWavesCredentials")


@_attrs_define
class MiWavesCredentials:
    """
    Attributes:
        api_user (str):
        api_pass (str):
    """

    api_user: str
    api_pass: str

    def to_dict(self) -> dict[str, Any]:
        api_user = self.api_user

        api_pass = self.api_pass

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api_user": api_user,
                "api_pass": api_pass,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_user = d.pop("api_user")

        api_pass = d.pop("api_pass")

        mi_waves_credentials = cls(
            api_user=api_user,
            api_pass=api_pass,
        )

        return mi_waves_credentials
