"""A request's context checked against the study's context schema: missing, extra or mistyped
fields are refused by name (never by value: the values may be health data)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rldomain.errors import Invalid
from rldomain.study import Study


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


CHECKS: dict[str, Callable[[Any], bool]] = {
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": _is_number,
    "str": lambda v: isinstance(v, str),
    "bool_or_na": lambda v: isinstance(v, bool) or v == "NA",
    "int_list_or_na": lambda v: (
        v == "NA"
        or (isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v))
    ),
}


def validate_context(study: Study, context: Mapping[str, Any]) -> dict[str, Any]:
    schema = study.context_schema
    problems = [f"{name}: missing" for name in schema if name not in context]
    problems += [
        f"{name}: not a field of study {study.id}" for name in context if name not in schema
    ]
    problems += [
        f"{name}: must be {kind}"
        for name, kind in schema.items()
        if name in context and not CHECKS[kind](context[name])
    ]
    if problems:
        raise Invalid("invalid_context", "; ".join(problems))
    return dict(context)
