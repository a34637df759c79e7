"""A study file's optional `simulation:` section: the synthetic world `rlservice simulate` plays
the study against. The services never read it; it lives in the study file so that a study and
the world it is tried on travel together.

Each field is drawn from one distribution. A context field (what the backend sends with an
action request) may instead repeat the previous window's outcome (`from_outcome`). An outcome
field (the record uploaded after the window) may carry a treatment `effect`: one number per
action, added to the mean (normal) or the probability (bernoulli), scaled by the multipliers
of the `effect_when` expressions that hold in the decision's context (a multiplier is one
number, or one per action, so that which action is best can depend on the context).
`effect_when` expressions (rldomain.expressions) see the context fields, `decision_index` and,
on a daily schedule, `slot` and `day`. So the true effect of
every action in every context is written in the file, the ground truth a policy is judged by.
"""

from __future__ import annotations

from functools import cached_property
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rldomain.expressions import Compiled, compile_expression

Value = bool | int | float | str
KINDS = ("bernoulli", "normal", "choice", "uniform_int", "from_outcome")
TIME_NAMES = ("decision_index", "slot", "day")  # what effect_when sees besides the context
Multiplier = float | tuple[float, ...]


class Draw(BaseModel):
    """One field's distribution: exactly one of the KINDS."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    bernoulli: float | None = Field(default=None, ge=0, le=1)  # P(True)
    normal: tuple[float, float] | None = None  # (mean, standard deviation)
    choice: tuple[Value, ...] | None = Field(default=None, min_length=1)  # equally likely
    uniform_int: tuple[int, int] | None = None  # (low, high), both included
    from_outcome: str | None = None  # the previous window's outcome field of that name
    initial: Value | None = None  # from_outcome's value before the first window
    min: float | None = None  # normal: clipped into [min, max]
    max: float | None = None
    effect: tuple[float, ...] | None = None  # per action, action 0 first
    # expression over the context -> multiplier of the effect (one, or one per action), for
    # each that holds
    effect_when: dict[str, Multiplier] = Field(default_factory=dict)

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = [k for k in KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"give exactly one of {', '.join(KINDS)}; got {kinds or 'none'}")
        kind = kinds[0]
        if (self.min is not None or self.max is not None) and kind != "normal":
            raise ValueError("min and max bound a normal draw only")
        if self.normal is not None and self.normal[1] < 0:
            raise ValueError("a normal's standard deviation cannot be negative")
        if self.uniform_int is not None and self.uniform_int[0] > self.uniform_int[1]:
            raise ValueError("uniform_int needs low <= high")
        if (self.initial is None) != (kind != "from_outcome"):
            raise ValueError("initial goes with from_outcome, and from_outcome needs it")
        if self.effect is not None and kind not in ("bernoulli", "normal"):
            raise ValueError("an effect moves a bernoulli's probability or a normal's mean only")
        if self.effect_when and self.effect is None:
            raise ValueError("effect_when scales an effect: give the effect")
        per_action = [m for m in self.effect_when.values() if isinstance(m, tuple)]
        if self.effect is not None and any(len(m) != len(self.effect) for m in per_action):
            raise ValueError("a multiplier per action needs as many numbers as the effect")
        return self


class SimulationWorld(BaseModel):
    """The world's fields, drawn in the order written (the order fixes the random streams)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    context: dict[str, Draw]
    outcome: dict[str, Draw] = Field(min_length=1)
    dropout_hazard: float = Field(default=0.0, ge=0, lt=1)  # per day, from the second day on

    @model_validator(mode="after")
    def _fields_connect(self) -> Self:
        for name, draw in self.outcome.items():
            if draw.from_outcome is not None:
                raise ValueError(f"outcome field {name!r}: from_outcome is for context fields")
        for name, draw in self.context.items():
            if draw.effect is not None:
                raise ValueError(f"context field {name!r}: effects act on outcome fields")
            if draw.from_outcome is not None and draw.from_outcome not in self.outcome:
                raise ValueError(f"context field {name!r} repeats no outcome field")
        self.conditions  # noqa: B018 (a bad effect_when fails when the study loads)
        return self

    @cached_property
    def conditions(self) -> dict[str, list[tuple[Compiled, Multiplier]]]:
        """Per outcome field, its effect_when expressions compiled, with their multipliers."""
        names = [*self.context, *TIME_NAMES]
        return {
            field: [
                (compile_expression(text, f"simulation.outcome.{field}.effect_when", names), m)
                for text, m in draw.effect_when.items()
            ]
            for field, draw in self.outcome.items()
        }

    def effect_sizes(self) -> set[int]:
        """How many actions the effects are written for (empty: no field has one)."""
        return {len(d.effect) for d in self.outcome.values() if d.effect is not None}
