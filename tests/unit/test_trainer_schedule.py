"""The trainer's cadence: which period a moment falls in, in the study's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from rldomain.study import load_studies
from rlkernel.settings import Settings
from trainer.triggers import period


def test_daily_and_weekly_periods_follow_the_study_time_zone() -> None:
    study = load_studies(Settings().studies_dir)["miwaves"]  # America/Detroit
    late_evening_local = datetime(2026, 3, 3, 3, 30, tzinfo=UTC)  # 22:30 on the 2nd in Detroit
    assert period(study, "daily", late_evening_local) == "2026-03-02"
    assert period(study, "weekly", late_evening_local) == "2026-W10"
    assert period(study, "never", late_evening_local) is None


def test_a_new_week_starts_on_monday_local_time() -> None:
    study = load_studies(Settings().studies_dir)["miwaves"]
    sunday = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)  # Sunday 23:00 local
    monday = datetime(2026, 3, 9, 5, 0, tzinfo=UTC)  # Monday 01:00 local
    assert period(study, "weekly", sunday) != period(study, "weekly", monday)
