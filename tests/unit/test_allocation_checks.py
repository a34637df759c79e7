"""The checks added for allocation, burden, EMA missingness and updates: their rules, their
study configuration and how their values grade by default."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from rldomain.monitoring.checks import Status
from rldomain.monitoring.config import Allocation, Burden
from rldomain.monitoring.grading import Measured, grade_all
from rldomain.monitoring.rules import allocation_outliers, outside_burden
from rldomain.study import Study

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "studies" / "miwaves.yaml"
BOUNDS = ((0.1, 0.9), (0.05, 0.95))


def test_decision_times_outside_the_bounds_are_named_and_small_ones_left_out() -> None:
    slots = [
        (0, 20, 0.5, 10),  # within both
        (1, 20, 0.95, 19),  # mean probability too high; share 0.95 is on the bound: within
        (2, 20, 0.5, 0),  # nobody treated at p = 0.5: the share is out
        (3, 5, 0.99, 5),  # too few decisions to judge
    ]
    assert allocation_outliers(slots, *BOUNDS, min_decisions=10) == ([1], [2])


@pytest.mark.parametrize(
    ("treated", "cap", "floor", "outside"),
    [(15, 14, None, True), (14, 14, None, False), (1, None, 2, True), (2, 14, 2, False)],
)
def test_the_burden_cap_and_floor(treated: int, cap: int, floor: int, outside: bool) -> None:
    assert outside_burden(treated, cap, floor) is outside


def study_with(monitoring: object) -> Study:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["monitoring"] = monitoring
    return Study.model_validate(data)


def test_a_study_sets_its_allocation_bounds_and_burden() -> None:
    study = study_with(
        {"allocation": {"probability": [0.2, 0.8]}, "burden": {"cap": 14, "floor": 2}}
    )
    assert study.monitoring.allocation == Allocation(probability=(0.2, 0.8))
    assert study.monitoring.burden == Burden(cap=14, floor=2)
    assert study_with({}).monitoring.burden == Burden()  # off unless the study sets it
    with pytest.raises(ValidationError, match="probability must be"):
        study_with({"allocation": {"probability": [0.8, 0.2]}})


@pytest.mark.parametrize(
    ("check", "value", "status"),
    [
        ("mean_probability", 1, "yellow"),
        ("treated_share", 0, "green"),
        ("treatment_burden", 2, "yellow"),
        ("ema_missingness", 0.3, "yellow"),
        ("ema_missingness", 0.6, "red"),
        ("ema_missingness_drift", 0.25, "yellow"),
        ("posterior_sanity", 1, "red"),
        ("update_latency", 30, "yellow"),
        ("update_latency", 120, "red"),
    ],
)
def test_the_new_checks_default_grades(check: str, value: float, status: Status) -> None:
    (result,) = grade_all(study_with({}).monitoring, "daily", {check: Measured(value, "")})
    assert result.status == status
