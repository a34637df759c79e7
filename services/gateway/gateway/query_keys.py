"""A query key given twice where the route takes one value is a 422, not the last value taken
silently (FastAPI's default): `?study_id=a&study_id=b` must not read as whichever came last.
Keys of list parameters (`?status=ACTIVE&status=ENDED`) may repeat, as documented."""

from __future__ import annotations

from types import UnionType
from typing import Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

_MANY = (list, tuple, set, frozenset)


async def single_valued_query(request: Request) -> None:
    """An app-wide dependency: nothing to do without a query string (the action path); with
    one, a walk over a handful of parameters."""
    route = request.scope.get("route")
    if not request.query_params or not isinstance(route, APIRoute):
        return
    repeated = [k for k in _single_keys(route) if len(request.query_params.getlist(k)) > 1]
    if repeated:
        raise RequestValidationError(
            [
                {"type": "repeated_key", "loc": ("query", key), "msg": "given more than once"}
                for key in repeated
            ]
        )


def _single_keys(route: APIRoute) -> tuple[str, ...]:
    params = _query_params(route.dependant)
    return tuple(p.alias for p in params if not _many(p.field_info.annotation))


def _query_params(dependant: Dependant) -> list[Any]:
    """The route's query parameters and those of its dependencies (the role checks' own)."""
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _query_params(sub)
    return found


def _many(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        return any(_many(arg) for arg in get_args(annotation))
    return origin in _MANY or annotation in _MANY
