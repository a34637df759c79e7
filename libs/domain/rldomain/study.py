"""A study is one YAML file: its actions, the fields of an action request, reward, state and
features as expressions (rldomain.expressions), schedule, warm-up, fallback, algorithm and
priors, bounds, update cadence, and where its callbacks may go."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from rldomain.algorithms import Algorithm, get_algorithm
from rldomain.algorithms.states import DeclaredStateSpace
from rldomain.declared import ContextField, Derivation
from rldomain.expressions import FUNCTIONS, MISSING_NAMES
from rldomain.monitoring.config import Monitoring
from rldomain.schedule import Schedule
from rldomain.simulation_world import SimulationWorld

Probabilities = tuple[Annotated[float, Field(ge=0, le=1)], ...]
# What the study itself gives its algorithm: a study file's `algorithm:` section may not.
_STUDY_OWNED = ("actions", "state", "context_fields")


class Warmup(BaseModel):
    """A fixed allocation for each participant's first `decisions` slots (the policy is not
    consulted; the state is still computed and stored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    decisions: int = Field(ge=1)
    probabilities: Probabilities


class Fallback(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    probabilities: Probabilities


class EmaEndpoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl
    token_env: str | None = None  # the name of the env var holding its credential, never the value
    timeout_seconds: float = 10.0


class Windows(BaseModel):
    """A study that pulls by window: a decided window no call closed is pulled anyway, once
    `sweep_after_minutes` have passed since it ended (ingest's sweep of expired windows)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sweep_after_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)


class UpdateCadence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    posterior: Literal["daily", "weekly", "never"] = "daily"
    hyperparameters: Literal["daily", "weekly", "never"] = "weekly"
    every_n_observations: int | None = Field(default=None, ge=1)


def canonical_host(host: str) -> str:
    """A host as callbacks compare it: an IP literal in its standard form, a name in lower case
    without the trailing dot. Anything else (a wildcard, a port, a URL) is a ValueError."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    name = host.lower().removesuffix(".")
    labels = name.split(".")
    # A last label of digits would make the resolver read the name as an IPv4 number.
    if len(name) > 253 or labels[-1].isdigit() or not all(map(_HOST_LABEL.fullmatch, labels)):
        raise ValueError(f"{host!r} is not a host name or an IP address")
    return name


_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
CallbackHost = Annotated[str, AfterValidator(canonical_host)]


class Callbacks(BaseModel):
    """Where the study's update callbacks may go: exact host names or IP addresses. With none
    listed (the default) a request naming a callback_url is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    allowed_hosts: tuple[CallbackHost, ...] = Field(default=(), max_length=32)


class Study(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,60}$")
    name: str
    timezone: str = "UTC"
    actions: tuple[str, ...] = Field(default=("no_action", "action"), min_length=2, max_length=16)
    context: dict[str, ContextField]
    reward: str | None = None
    state: dict[str, str] = Field(min_length=1)
    features: tuple[str, ...] | None = None
    schedule: Schedule
    warmup: Warmup | None = None
    fallback: Fallback | None = None
    fallback_probability: float | None = Field(default=None, ge=0, le=1)
    algorithm: dict[str, Any]
    ema_endpoint: EmaEndpoint | None = None
    windows: Windows = Windows()
    update: UpdateCadence = UpdateCadence()
    start_date: date | None = None
    callbacks: Callbacks = Callbacks()
    monitoring: Monitoring = Monitoring()  # health checks' thresholds (rldomain.monitoring)
    simulation: SimulationWorld | None = None  # the world `rlservice simulate` plays; unserved

    @model_validator(mode="after")
    def _consistent(self) -> Study:
        if len(set(self.actions)) != len(self.actions):
            raise ValueError("actions must have distinct names")
        for name in self.state:
            if not name.isidentifier() or name in FUNCTIONS or name in MISSING_NAMES:
                raise ValueError(f"state entry {name!r} must be a name features can use")
        owned = sorted(set(self.algorithm) & set(_STUDY_OWNED))
        if owned:
            raise ValueError(f"algorithm may not set {owned}: the study declares them")
        low, high = self.clip
        if not 0 <= low <= high <= 1:
            raise ValueError(f"clip bounds must satisfy 0 <= low <= high <= 1, got {[low, high]}")
        if (self.fallback is None) == (self.fallback_probability is None):
            raise ValueError("give either fallback or fallback_probability")
        if self.fallback_probability is not None:
            if self.n_actions != 2:
                raise ValueError("fallback_probability is for two actions; give fallback instead")
            self._check_bounds("fallback_probability", self.fallback_probability)
        if self.fallback is not None:
            self._check_allocation("fallback", self.fallback.probabilities)
        if self.warmup is not None:
            self._check_allocation("warmup", self.warmup.probabilities)
        # Compiled now, so that a bad expression or algorithm fails the load, not a decision.
        self.derivation  # noqa: B018
        self.policy  # noqa: B018
        return self

    def _check_allocation(self, what: str, probabilities: tuple[float, ...]) -> None:
        if len(probabilities) != self.n_actions:
            raise ValueError(f"{what}: give one probability per action")
        if not math.isclose(sum(probabilities), 1.0, abs_tol=1e-9):
            raise ValueError(f"{what}: the probabilities must add up to 1")
        if self.n_actions == 2:
            self._check_bounds(f"{what}: action 1's probability", probabilities[1])
        elif min(probabilities) < self.clip[0]:  # with K actions clip.low is every one's floor
            raise ValueError(f"{what}: every probability must be at least clip.low")

    def _check_bounds(self, what: str, probability: float) -> None:
        """A binary allocation is (1 - p, p) with p clipped when used: outside the bounds it
        would never be what it says."""
        low, high = self.clip
        if not low <= probability <= high:
            raise ValueError(f"{what} {probability} lies outside the clip bounds [{low}, {high}]")

    @property
    def pulls_by_window(self) -> bool:
        """True when a window's outcome data is pulled from the study's backend once it closes."""
        return self.schedule.scheduled and self.ema_endpoint is not None

    @property
    def n_actions(self) -> int:
        return len(self.actions)

    @property
    def clip(self) -> tuple[float, float]:
        clip = self.algorithm.get("clip") or {}
        return float(clip.get("low", 0.0)), float(clip.get("high", 1.0))

    def clipped(self, probability: float) -> float:
        low, high = self.clip
        return min(max(probability, low), high)

    def fallback_probabilities(self) -> tuple[float, ...]:
        """The pre-specified allocation when the policy cannot be used; binary: (1 - c, c),
        c clipped to the study's bounds."""
        if self.fallback is None:
            c = self.clipped(float(self.fallback_probability or 0.0))
        elif self.n_actions == 2:
            c = self.clipped(self.fallback.probabilities[1])
        else:
            return self.fallback.probabilities
        return (1.0 - c, c)

    def warmup_probabilities(self, decision_index: int) -> tuple[float, ...] | None:
        """The warm-up allocation of a slot (binary: (1 - p, p)), None past the warm-up."""
        if self.warmup is None or decision_index >= self.warmup.decisions:
            return None
        given = self.warmup.probabilities
        return (1.0 - given[1], given[1]) if self.n_actions == 2 else tuple(given)

    @cached_property
    def states(self) -> DeclaredStateSpace:
        return DeclaredStateSpace(tuple(self.state), self.features)

    @cached_property
    def derivation(self) -> Derivation:
        windows = self.schedule.windows if self.schedule.kind == "daily" else None
        return Derivation(self.context, self.reward, self.state, windows)

    def state_of(
        self, fields: Mapping[str, Any], recent_rewards: Sequence[float], decision_index: int
    ) -> tuple[float, ...]:
        """The state of a decision; a ValueError (naming the entry) when the request makes none."""
        return self.derivation.state_of(fields, recent_rewards, decision_index)

    def reward_of(self, record: Mapping[str, Any]) -> float | None:
        """The reward of an outcome record (or a request's fields), None if it has none."""
        return self.derivation.reward_of(record)

    @cached_property
    def policy(self) -> Algorithm:
        config = {**self.algorithm, "actions": self.n_actions}
        return get_algorithm(str(self.algorithm["name"]), config, states=self.states)


def load_study(path: Path) -> Study:
    return Study.model_validate(yaml.safe_load(path.read_text()))


def load_studies(directory: Path) -> dict[str, Study]:
    studies = [load_study(p) for p in sorted(directory.glob("*.yaml"))]
    return {s.id: s for s in studies}
