from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.simulation_plot import SimulationPlot


T = TypeVar("T", bound="SimulationPlots")


@_attrs_define
class SimulationPlots:
    """
    Attributes:
        plots (list[SimulationPlot]):
    """

    plots: list[SimulationPlot]

    def to_dict(self) -> dict[str, Any]:
        plots = []
        for plots_item_data in self.plots:
            plots_item = plots_item_data.to_dict()
            plots.append(plots_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "plots": plots,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simulation_plot import SimulationPlot  # noqa: PLC0415

        d = dict(src_dict)
        plots = []
        _plots = d.pop("plots")
        for plots_item_data in _plots:
            plots_item = SimulationPlot.from_dict(plots_item_data)

            plots.append(plots_item)

        simulation_plots = cls(
            plots=plots,
        )

        return simulation_plots
