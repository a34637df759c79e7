"""JSON bodies as RFC 8259 has them, checked before FastAPI parses them: UTF-8, numbers finite,
strings valid Unicode, nesting at most MAX_NESTING deep. Anything else is a 422
`invalid_request` naming where, never what: the values may be health data.

Python's parser alone takes NaN, Infinity and 1e400 (which the Kafka events carry as null),
unpaired surrogates (which no store can encode), UTF-16, and nesting until a RecursionError."""

from __future__ import annotations

import json
import math
from email.message import Message as MimeType
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.errors import body
from gateway.limits import replay

MAX_NESTING = 32


class StrictJson:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_json(Headers(scope=scope).get("content-type")):
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        raw = b"".join(chunks)
        problem = refusal(raw)
        if problem is not None:
            await JSONResponse(body("invalid_request", problem), 422)(scope, receive, send)
            return
        await self.app(scope, replay(raw, receive), send)


def is_json(content_type: str | None) -> bool:
    """The bodies FastAPI parses as JSON: application/json and application/*+json."""
    if not content_type:
        return False
    mime = MimeType()
    mime["content-type"] = content_type
    subtype = mime.get_content_subtype()
    return mime.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def refusal(raw: bytes) -> str | None:
    """Why the body is refused, or None for an empty body or JSON the stores can hold."""
    if not raw:
        return None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is tolerated, as json.loads does
    except UnicodeDecodeError:
        return "body: must be JSON encoded in UTF-8"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return f"body: not valid JSON (at character {error.pos})"
    except RecursionError:
        return f"body: nested deeper than {MAX_NESTING} levels"
    except ValueError:  # an integer of more than 4300 digits
        return "body: a number is too long"
    return _problem(value, "", 1)


def _problem(value: Any, where: str, depth: int) -> str | None:
    here = where or "body"
    if isinstance(value, dict | list) and depth > MAX_NESTING:
        return f"{here}: nested deeper than {MAX_NESTING} levels"
    if isinstance(value, dict):
        for key, item in value.items():
            if not _encodes(key):
                return f"{here}: a key is not valid Unicode text"
            found = _problem(item, f"{where}.{key}" if where else key, depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _problem(item, f"{where}.{i}" if where else str(i), depth + 1)
            if found:
                return found
    elif isinstance(value, float) and not math.isfinite(value):
        return f"{here}: must be a finite number (no NaN or Infinity)"
    elif isinstance(value, str) and not _encodes(value):
        return f"{here}: not valid Unicode text"
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
