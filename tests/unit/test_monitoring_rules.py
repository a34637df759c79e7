"""The health checks' pure rules: grading by thresholds (a study's own or the defaults), the
randomization's z-score, runs of clipped decisions, and what a new result changes in the
record's incidents."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from rldomain.monitoring.checks import CHECKS, CheckResult, Status, Thresholds, worst
from rldomain.monitoring.config import Monitoring
from rldomain.monitoring.grading import Measured, grade_all, plan
from rldomain.monitoring.rules import at_bound, integrity_z, longest_run
from rldomain.study import Study, load_study

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "studies" / "miwaves.yaml"


def study_with(monitoring: object) -> Study:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["monitoring"] = monitoring
    return Study.model_validate(data)


@pytest.mark.parametrize(
    ("value", "status"), [(0.0, "green"), (0.049, "green"), (0.05, "yellow"), (0.2, "red")]
)
def test_a_value_is_graded_by_the_thresholds_it_reaches(value: float, status: Status) -> None:
    assert Thresholds(yellow=0.05, red=0.2).grade(value) == status


def test_a_threshold_left_out_never_fires() -> None:
    assert Thresholds(red=1).grade(0.5) == "green"
    assert Thresholds(red=1).crossed("green") == 1  # a green result shows what it is held to
    assert Thresholds().grade(1e9) == "green"


def test_a_study_overrides_the_levels_it_names_and_keeps_the_others() -> None:
    study = study_with({"checks": {"fallback_rate": {"yellow": 0.1}}})
    assert study.monitoring.thresholds("fallback_rate", "daily") == Thresholds(0.1, 0.2)
    assert study.monitoring.thresholds("dead_letters", "daily") == CHECKS["dead_letters"].defaults


def test_policy_age_defaults_to_twice_the_posterior_cadence_in_hours() -> None:
    monitoring = Monitoring()
    assert monitoring.thresholds("policy_age", "daily") == Thresholds(yellow=48)
    assert monitoring.thresholds("policy_age", "weekly") == Thresholds(yellow=336)


def test_a_study_file_naming_an_unknown_check_is_refused_with_the_known_ones(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["monitoring"] = {"checks": {"fallbak_rate": {"red": 0.3}}}
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValidationError, match=r"unknown checks \['fallbak_rate'\].*fallback_rate"):
        load_study(path)


def test_a_level_given_as_null_is_off() -> None:
    study = study_with({"checks": {"dead_letters": {"red": None}}})
    assert study.monitoring.thresholds("dead_letters", "daily") == Thresholds(yellow=1)


@pytest.mark.parametrize(
    "levels",
    [{"yellow": 0.3, "red": 0.1}, {"yellow": 0.3}],  # the second: above the default red 0.2
)
def test_a_red_level_below_the_yellow_one_is_refused(levels: dict[str, float]) -> None:
    with pytest.raises(ValidationError, match=r"fallback_rate: red \(0\.\d\) is below yellow"):
        study_with({"checks": {"fallback_rate": levels}})


def test_the_z_score_of_a_sound_randomization_stays_small_and_a_biased_one_is_large() -> None:
    rng = random.Random(7)
    ps = [rng.uniform(0.2, 0.8) for _ in range(2000)]
    sound = [1 if rng.random() < p else 0 for p in ps]
    expected, variance = sum(ps), sum(p * (1 - p) for p in ps)
    assert integrity_z(sum(sound), expected, variance) < 3
    assert integrity_z(len(ps), expected, variance) > 4  # every one treated
    # By hand: 10 decisions at p = 0.5, all treated: (10 - 5) / sqrt(2.5).
    assert integrity_z(10, 5.0, 2.5) == pytest.approx(5 / math.sqrt(2.5))


def test_no_uncertainty_means_nothing_was_randomized_and_z_is_zero() -> None:
    assert integrity_z(3, 3.0, 0.0) == 0.0


def test_a_binary_allocation_is_at_a_bound_at_either_clip_and_never_at_0_or_1() -> None:
    assert at_bound(0.2, None, (0.2, 0.8))
    assert at_bound(0.8, None, (0.2, 0.8))
    assert not at_bound(0.5, None, (0.2, 0.8))
    assert not at_bound(0.0, None, (0.0, 1.0))


def test_with_several_actions_any_action_at_the_floor_is_at_a_bound() -> None:
    assert at_bound(0.45, [0.1, 0.45, 0.45], (0.1, 1.0))
    assert not at_bound(0.3, [0.4, 0.3, 0.3], (0.1, 1.0))


def test_the_longest_run_counts_consecutive_flags_only() -> None:
    assert longest_run([True, True, False, True, True, True, False]) == 3
    assert longest_run([]) == 0


def test_grading_follows_the_catalog_and_a_check_that_does_not_apply_is_green() -> None:
    measured = {
        "policy_age": Measured(500, "learning is frozen", applies=False),
        "missing_decisions": Measured(2, "2 of 8 windows"),
    }
    results = grade_all(Monitoring(), "daily", measured)
    assert [(r.check, r.status, r.threshold) for r in results] == [
        ("missing_decisions", "red", 1),
        ("policy_age", "green", None),
    ]


def result(check: str, status: Status) -> CheckResult:
    return CheckResult(check, status, 1.0, 1.0, "evidence")


def test_an_incident_opens_on_yellow_or_red_worsens_and_closes_on_green() -> None:
    results = [
        result("fallback_rate", "yellow"),  # was green: opens
        result("dead_letters", "red"),  # open at yellow: worsens
        result("failed_windows", "green"),  # open: closes
        result("clipped_run", "yellow"),  # open at red: stays as it is
        result("update_failures", "green"),  # nothing open, nothing to do
    ]
    latest: dict[str, Status] = {
        "fallback_rate": "green",
        "dead_letters": "yellow",
        "failed_windows": "red",
        "clipped_run": "red",
        "update_failures": "green",
    }
    open_incidents: dict[str, Status] = {
        "dead_letters": "yellow",
        "failed_windows": "red",
        "clipped_run": "red",
    }
    changes = plan(results, latest, open_incidents)
    assert [r.check for r in changes.opened] == ["fallback_rate"]
    assert [r.check for r in changes.worsened] == ["dead_letters"]
    assert changes.closed == ["failed_windows"]
    # A row per change of status; the others refresh the latest row.
    assert [r.check for r in changes.appended] == [
        "fallback_rate",
        "dead_letters",
        "failed_windows",
        "clipped_run",
    ]
    assert [r.check for r in changes.refreshed] == ["update_failures"]


def test_the_overall_status_is_the_worst() -> None:
    assert worst(["green", "red", "yellow"]) == "red"
    assert worst([]) == "green"
