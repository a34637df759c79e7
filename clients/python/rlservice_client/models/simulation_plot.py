from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.plot_series import PlotSeries


T = TypeVar("T", bound="SimulationPlot")


@_attrs_define
class SimulationPlot:
    """
    Attributes:
        name (str):
        title (str):
        x_label (str):
        y_label (str):
        x (list[int]):
        series (list[PlotSeries]):
    """

    name: str
    title: str
    x_label: str
    y_label: str
    x: list[int]
    series: list[PlotSeries]

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        title = self.title

        x_label = self.x_label

        y_label = self.y_label

        x = self.x

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "title": title,
                "x_label": x_label,
                "y_label": y_label,
                "x": x,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plot_series import PlotSeries  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        title = d.pop("title")

        x_label = d.pop("x_label")

        y_label = d.pop("y_label")

        x = cast(list[int], d.pop("x"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = PlotSeries.from_dict(series_item_data)

            series.append(series_item)

        simulation_plot = cls(
            name=name,
            title=title,
            x_label=x_label,
            y_label=y_label,
            x=x,
            series=series,
        )

        return simulation_plot
