"""What a study file declares about its data: the fields of an action request (checked at the
edge), its reward, and its state (computed per decision, stored with it). Expressions are in
rldomain.expressions; here they are compiled once, with the names each one may see."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rldomain.expressions import Compiled, ExpressionError, compile_expression, missing_value

MISSING_MARKER = "NA"  # what a request sends for an answer not given, where that is allowed
RECENT_REWARDS = 10  # how many of a participant's previous rewards a state may use
DERIVED = ("reward", "rewards", "decision_index")  # names a state sees besides the context
DAILY = ("slot", "day")  # and, on a daily schedule, these

Scalar = Literal["bool", "int", "float", "str"]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_KINDS: dict[str, Callable[[Any], bool]] = {
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": _is_number,
    "str": lambda v: isinstance(v, str),
}


class ContextField(BaseModel):
    """One field of an action request. Every declared field must be present; `missing: allowed`
    lets it carry "NA" instead of a value. `items` is the kind of a list's entries."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: Literal["bool", "int", "float", "str", "list"]
    items: Scalar | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[bool | int | float | str, ...] | None = Field(default=None, min_length=1)
    missing: Literal["allowed", "refused"] = "refused"

    @model_validator(mode="after")
    def _consistent(self) -> ContextField:
        if (self.type == "list") != (self.items is not None):
            raise ValueError("items is given for a list, and only for a list")
        numeric = self.type in ("int", "float") or self.items in ("int", "float")
        if (self.min is not None or self.max is not None) and not numeric:
            raise ValueError("min and max apply to numbers only")
        return self

    @property
    def description(self) -> str:
        kind = f"a list of {self.items}" if self.type == "list" else self.type
        return f"{kind} or {MISSING_MARKER}" if self.missing == "allowed" else kind

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value`, in words that never quote it (it may be health data)."""
        if self.missing == "allowed" and value == MISSING_MARKER:
            return None
        if self.type == "list":
            if not isinstance(value, list) or not all(_KINDS[str(self.items)](x) for x in value):
                return f"must be {self.description}"
            entries = value
        elif not _KINDS[self.type](value):
            return f"must be {self.description}"
        else:
            entries = [value]
        if self.min is not None and any(x < self.min for x in entries):
            return f"must be at least {self.min:g}"
        if self.max is not None and any(x > self.max for x in entries):
            return f"must be at most {self.max:g}"
        if self.choices is not None and any(x not in self.choices for x in entries):
            return "must be one of the declared choices"
        return None


def context_problems(
    study_id: str, declared: Mapping[str, ContextField], context: Mapping[str, Any]
) -> list[str]:
    """Missing, unknown and mistyped fields, by name."""
    problems = [f"{name}: missing" for name in declared if name not in context]
    problems += [
        f"{name}: not a field of study {study_id}" for name in context if name not in declared
    ]
    for name, field in declared.items():
        problem = field.problem(context[name]) if name in context else None
        if problem:
            problems.append(f"{name}: {problem}")
    return problems


class Derivation:
    """The study's reward and state expressions, compiled: `reward_of(record)` and
    `state_of(fields, recent_rewards, decision_index)`."""

    def __init__(
        self,
        context: Mapping[str, ContextField],
        reward: str | None,
        state: Mapping[str, str],
        windows_per_day: int | None,
    ) -> None:
        derived = DERIVED + (DAILY if windows_per_day else ())
        clash = sorted(set(context) & set(DERIVED + DAILY))
        if clash:
            raise ValueError(f"context fields may not be named {clash}: the state derives them")
        # A reward reads a backend's free-form record, whose keys we cannot know: any name.
        self._reward = None if reward is None else compile_expression(reward, "reward")
        names = (*context, *derived)
        self._state: list[tuple[str, Compiled]] = [
            (name, compile_expression(text, f"state.{name}", names)) for name, text in state.items()
        ]
        self.windows_per_day = windows_per_day

    def reward_of(self, record: Mapping[str, Any]) -> float | None:
        """The reward of a record, None when it cannot be computed from it."""
        if self._reward is None:
            return None
        try:
            value = self._reward(record)
        except ExpressionError:
            return None
        return _finite(value)

    def state_of(
        self, fields: Mapping[str, Any], recent_rewards: Sequence[float], decision_index: int
    ) -> tuple[float, ...]:
        """Each entry a finite number (true is 1.0), or a ValueError naming the entry."""
        values: dict[str, Any] = dict(fields)
        values["reward"] = self.reward_of(fields)
        values["rewards"] = [float(r) for r in recent_rewards[-RECENT_REWARDS:]]
        values["decision_index"] = decision_index
        if self.windows_per_day:
            values["day"], values["slot"] = divmod(decision_index, self.windows_per_day)
        state = []
        for name, expression in self._state:
            number = _finite(expression(values))
            if number is None:
                raise ValueError(f"state.{name}: not a finite number for this request")
            state.append(number)
        return tuple(state)


def _finite(value: Any) -> float | None:
    if missing_value(value) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
