"""Why an update runs, and what makes each trigger run one update however many trainers run.

Trainer replicas share the work: the consumer group splits observations.ingested's partitions
between them (keyed by participant, so one study's observations reach every replica), and
each follows every study's schedule. So neither a replica's own count of observations nor its
own note of a period done can decide; the record does, in the update's transaction, under the
study's lock (trainer.updating):

- schedule: an update per posterior period, in the study's time zone, fitting hyperparameters
  in the first update of each of their periods. Each period is claimed by a row (study, key)
  inserted with the version: the first insert wins, later ones find the row and skip. An update
  that fails rolls its claim back with it, so the next round tries again.
- every_n: N observations stored after those the newest version was fit on, counted in
  PostgreSQL: the replica that sees the Nth fits them, and its version brings the count back
  to zero for the other replica, and for a batch delivered again.
- request: each request once (its own consumer group hands it to one replica).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from rldomain.study import Study

Kind = Literal["schedule", "every_n", "request"]


@dataclass(frozen=True)
class Trigger:
    kind: Kind
    posterior: str | None = None  # schedule: the posterior period's key
    hyperparameters: str | None = None  # schedule: the hyperparameters' period's key, if any
    every_n: int = 0  # every_n: observations after the newest version's that it takes

    @property
    def keys(self) -> tuple[str, ...]:
        """What the update claims; () for a trigger that claims nothing."""
        return tuple(k for k in (self.posterior, self.hyperparameters) if k is not None)

    def goes_ahead(self, claimed: Set[str]) -> bool:
        """Whether an update that newly claimed `claimed` (of `keys`) runs: a trigger with
        keys runs only for a period no update has had yet."""
        return not self.keys or bool(claimed)

    def fits_hyperparameters(self, claimed: Set[str]) -> bool:
        return self.hyperparameters is not None and self.hyperparameters in claimed


REQUEST = Trigger("request")


def period(study: Study, cadence: str, now: datetime) -> str | None:
    """The period `now` falls in, in the study's own time zone; None for "never"."""
    local = now.astimezone(ZoneInfo(study.timezone))
    if cadence == "daily":
        return local.date().isoformat()
    if cadence == "weekly":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def scheduled(study: Study, now: datetime) -> Trigger | None:
    """The schedule's trigger at `now`; None when the posterior never updates (hyperparameters
    are fitted only with a posterior update). Its keys name the periods, so every replica
    asking within a period makes the same claim."""
    posterior = period(study, study.update.posterior, now)
    if posterior is None:
        return None
    hyper = period(study, study.update.hyperparameters, now)
    return Trigger(
        "schedule",
        posterior=f"posterior:{posterior}",
        hyperparameters=None if hyper is None else f"hyperparameters:{hyper}",
    )


def every_n(study: Study) -> Trigger | None:
    """The every-N trigger of a study that has one."""
    n = study.update.every_n_observations
    return None if n is None else Trigger("every_n", every_n=n)
