"""A request's context checked against the fields its study declares: missing, extra or mistyped
fields are refused by name (never by value: the values may be health data)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rldomain.declared import context_problems
from rldomain.errors import Invalid
from rldomain.study import Study


def validate_context(study: Study, context: Mapping[str, Any]) -> dict[str, Any]:
    problems = context_problems(study.id, study.context, context)
    if problems:
        raise Invalid("invalid_context", "; ".join(problems))
    return dict(context)
