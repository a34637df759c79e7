from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.failed_window import FailedWindow


T = TypeVar("T", bound="FailedWindows")


@_attrs_define
class FailedWindows:
    """
    Attributes:
        windows (list[FailedWindow]):
    """

    windows: list[FailedWindow]

    def to_dict(self) -> dict[str, Any]:
        windows = []
        for windows_item_data in self.windows:
            windows_item = windows_item_data.to_dict()
            windows.append(windows_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "windows": windows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.failed_window import FailedWindow  # noqa: PLC0415

        d = dict(src_dict)
        windows = []
        _windows = d.pop("windows")
        for windows_item_data in _windows:
            windows_item = FailedWindow.from_dict(windows_item_data)

            windows.append(windows_item)

        failed_windows = cls(
            windows=windows,
        )

        return failed_windows
