"""The shapes a request may have: only what the stores can hold, stated once for every route.

Ids are printable text: every character is a letter, mark, number, punctuation or symbol
(Unicode categories L, M, N, P, S) or the plain space U+0020 between them; no control,
format (bidi overrides, zero-width), separator or private-use characters; 1 to 128 of them.
Integers fit their columns, numbers are finite, times have an offset PostgreSQL can store, and
free-form objects (contexts, outcomes) are bounded in depth, entries, key and string length.
Refusals name the field and the rule, never the value: it may be health data."""

from __future__ import annotations

import math
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from rldomain.lifecycle import MAX_NOTE

MAX_ID = 128
INT32_MAX = 2**31 - 1
INT64 = (-(2**63), 2**63 - 1)
MAX_DEPTH = 8  # nesting inside one free-form object, the object itself being level 1
MAX_ENTRIES = 256  # keys of one object, items of one list
MAX_TEXT = 1024  # characters of one free-form string
MAX_OFFSET = timedelta(hours=16)  # PostgreSQL's timestamptz refuses offsets from 16:00
_PRINTABLE = frozenset("LMNPS")
ID_RULE = f"must be 1 to {MAX_ID} letters, digits, punctuation or symbols (spaces only inside)"


def is_id(text: str) -> bool:
    return (
        0 < len(text) <= MAX_ID
        and text == text.strip(" ")
        and all(c == " " or unicodedata.category(c)[0] in _PRINTABLE for c in text)
    )


def _printable(text: str) -> str:
    if not is_id(text):
        raise ValueError(ID_RULE)
    return text


def _storable_time(moment: datetime) -> datetime:
    offset = moment.utcoffset()
    if offset is not None:
        if abs(offset) >= MAX_OFFSET:
            raise ValueError("the time-zone offset must be within -15:59 and +15:59")
        try:
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError("must be between the years 1 and 9999 in UTC") from None
    return moment


def _bounded(value: Any, where: str = "", depth: int = 1) -> None:
    """Raises naming the first part of a free-form value the stores could not hold."""
    here = where or "value"
    if isinstance(value, dict | list):
        if depth > MAX_DEPTH:
            raise ValueError(f"{here}: nested deeper than {MAX_DEPTH} levels")
        if len(value) > MAX_ENTRIES:
            raise ValueError(f"{here}: more than {MAX_ENTRIES} entries")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(value, dict) and not (isinstance(key, str) and is_id(key)):
                raise ValueError(f"{here}: every key {ID_RULE}")
            _bounded(item, f"{where}.{key}" if where else str(key), depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{here}: must be a finite number")
    elif (
        isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1]
    ):
        raise ValueError(f"{here}: must fit in 64 bits")
    elif isinstance(value, str) and not _storable_text(value):
        raise ValueError(f"{here}: must be text of at most {MAX_TEXT} characters, without U+0000")


def _storable_text(text: str) -> bool:
    """PostgreSQL's JSON holds no U+0000, and UTF-8 no unpaired surrogate."""
    if len(text) > MAX_TEXT or "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _text(value: str) -> str:
    _bounded(value)
    return value


def _bounded_object(value: dict[str, Any]) -> dict[str, Any]:
    _bounded(value)
    return value


Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID), AfterValidator(_printable)]
DecisionIndex = Annotated[int, Field(ge=0, le=INT32_MAX)]
Int64 = Annotated[int, Field(ge=INT64[0], le=INT64[1])]
Finite = Annotated[float, Field(allow_inf_nan=False)]
# The models with times (JustIn's, and updates) are lax, as the JustIn template's are: a time
# is ISO 8601 text or a number of seconds since the Unix epoch, and the document says both.
Timestamp = Annotated[
    datetime,
    AfterValidator(_storable_time),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "number"}]}),
]
FreeObject = Annotated[dict[str, Any], AfterValidator(_bounded_object)]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_text)]  # free text
# Staff's free text about a participant (a review's note): words, not only blanks.
Note = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NOTE),
    AfterValidator(_text),
]
