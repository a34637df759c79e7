"""What a failure may say where people read it (logs, dead letters): never participants' values.

An exception's message often quotes the values it failed on: pydantic's ValidationError its
`input_value`, SQLAlchemy's errors the statement's parameters (hidden by the engines, see
rlkernel.db.engine), PostgreSQL's DETAIL the failing row, and Python's own conversions the text
they could not read (`could not convert string to float: '...'`). Those values may be answers,
contexts or baselines: health data. So a failure is described by its type and the first line of
its message, with a quoted value at the end of that line cut off, and a validation error by its
fields' names only. Our own exceptions' messages name ids and fields, never values.
"""

from __future__ import annotations

import re
import traceback
from types import TracebackType

from pydantic import ValidationError
from sqlalchemy import exc as sa

LONGEST_REASON = 500
# "...: 'text'" or '...: "text"' at the end of a line: the value a conversion failed on.
QUOTED_VALUE = re.compile(r"""(:\s*)(['"]).*$""")
HIDDEN = "(value hidden)"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe(exc: BaseException) -> str:
    """The failure's type and its own first line, without values."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}" for e in exc.errors()
        )
        return f"ValidationError ({exc.title}): {problems}"[:LONGEST_REASON]
    # A database error's own text holds its statement; the driver's first line is the error.
    text = str(exc.orig) if isinstance(exc, sa.StatementError) and exc.orig else str(exc)
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = QUOTED_VALUE.sub(rf"\g<1>{HIDDEN}", first)
    return f"{type(exc).__name__}: {first}"[:LONGEST_REASON]


def render_exception(exc_info: ExcInfo) -> str:
    """A traceback as Python prints it (causes first, frames and source lines), each exception
    shown as describe() says it: for logging, where a full message could leak values."""
    chain: list[BaseException] = []
    current: BaseException | None = exc_info[1]
    while current is not None and current not in chain:
        chain.append(current)
        implicit = None if current.__suppress_context__ else current.__context__
        current = current.__cause__ or implicit
    parts = []
    for exc in reversed(chain):
        frames = "".join(traceback.format_tb(exc.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{describe(exc)}")
    return "\n\nThe above exception led to the following:\n\n".join(parts)
