"""The keys that make each trigger run one update however many trainers run
(trainer.triggers): the same within a period, in the study's own time zone, new in the next."""

from __future__ import annotations

from datetime import UTC, datetime

from rldomain.study import Study, load_studies
from rlkernel.settings import Settings
from trainer.triggers import every_n, scheduled


def miwaves() -> Study:
    return load_studies(Settings().studies_dir)["miwaves"]  # daily posterior, weekly hyper


def test_a_scheduled_trigger_s_keys_name_the_local_day_and_iso_week() -> None:
    evening = datetime(2026, 3, 3, 3, 30, tzinfo=UTC)  # Monday 2 March, 22:30 in Detroit
    trigger = scheduled(miwaves(), evening)
    assert trigger is not None and trigger.keys == (
        "posterior:2026-03-02",
        "hyperparameters:2026-W10",
    )
    earlier = scheduled(miwaves(), datetime(2026, 3, 2, 6, tzinfo=UTC))  # 01:00 the same day
    assert earlier == trigger, "two trainers asking in one period make the same claim"


def test_hyperparameters_are_fitted_only_by_the_update_that_claims_their_period() -> None:
    trigger = scheduled(miwaves(), datetime(2026, 3, 4, 15, tzinfo=UTC))  # a Wednesday
    assert trigger is not None
    assert trigger.goes_ahead({"posterior:2026-03-04"})
    assert not trigger.fits_hyperparameters({"posterior:2026-03-04"})
    assert trigger.fits_hyperparameters({"posterior:2026-03-04", "hyperparameters:2026-W10"})
    assert not trigger.goes_ahead(set()), "another update had both periods"


def test_a_posterior_that_never_updates_has_no_scheduled_trigger() -> None:
    never = with_update(miwaves(), posterior="never")
    assert scheduled(never, datetime(2026, 3, 4, tzinfo=UTC)) is None


def with_update(study: Study, **changes: object) -> Study:
    return study.model_copy(update={"update": study.update.model_copy(update=changes)})


def test_every_n_claims_nothing_and_takes_its_n() -> None:
    trigger = every_n(with_update(miwaves(), every_n_observations=7))
    assert trigger is not None and (trigger.keys, trigger.every_n) == ((), 7)
    assert trigger.goes_ahead(set())
    assert every_n(miwaves()) is None, "miwaves updates on its schedule only"
