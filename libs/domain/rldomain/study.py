"""A study is one YAML file: algorithm and priors, schedule, bounds, fallback, context, reward,
where its callbacks may go."""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from rldomain.algorithms import Algorithm, get_algorithm

FieldType = Literal["bool", "int", "float", "str", "bool_or_na", "int_list_or_na"]


class Schedule(BaseModel):
    """twice_daily: MiWaves windows from the notification times; client_indexed: the caller
    says which decision it is (JustIn's decision_idx)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["twice_daily", "client_indexed"]
    days: int | None = Field(default=None, ge=1)

    @property
    def decisions_per_participant(self) -> int | None:
        return 2 * self.days if self.kind == "twice_daily" and self.days else None


class EmaEndpoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl
    token_env: str | None = None  # the name of the env var holding its credential, never the value
    timeout_seconds: float = 10.0


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
    schedule: Schedule
    algorithm: dict[str, Any]
    fallback_probability: float = Field(ge=0, le=1)
    context_schema: dict[str, FieldType]
    reward: Literal["miwaves", "justin_clicks", "none"] = "none"
    ema_endpoint: EmaEndpoint | None = None
    update: UpdateCadence = UpdateCadence()
    start_date: date | None = None
    callbacks: Callbacks = Callbacks()

    @model_validator(mode="after")
    def _bounds_are_sane(self) -> Study:
        clip = self.algorithm.get("clip", {"low": 0.0, "high": 1.0})
        if not 0 <= clip["low"] <= clip["high"] <= 1:
            raise ValueError(f"clip bounds must satisfy 0 <= low <= high <= 1, got {clip}")
        # The fallback is clipped when used, so one outside the bounds is never what it says.
        if not clip["low"] <= self.fallback_probability <= clip["high"]:
            raise ValueError(
                f"fallback_probability {self.fallback_probability} lies outside the clip bounds "
                f"[{clip['low']}, {clip['high']}]"
            )
        get_algorithm(str(self.algorithm["name"]), self.algorithm)  # fails early on a bad config
        return self

    @property
    def clip(self) -> tuple[float, float]:
        clip = self.algorithm.get("clip", {"low": 0.0, "high": 1.0})
        return float(clip["low"]), float(clip["high"])

    def clipped(self, probability: float) -> float:
        low, high = self.clip
        return min(max(probability, low), high)

    @cached_property
    def policy(self) -> Algorithm:
        return get_algorithm(str(self.algorithm["name"]), self.algorithm)


def load_study(path: Path) -> Study:
    return Study.model_validate(yaml.safe_load(path.read_text()))


def load_studies(directory: Path) -> dict[str, Study]:
    studies = [load_study(p) for p in sorted(directory.glob("*.yaml"))]
    return {s.id: s for s in studies}
