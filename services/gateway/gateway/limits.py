"""The request body limit: a body over `max_bytes` is a 413 `payload_too_large`, refused from
its Content-Length before a byte is read, or as soon as a chunked body streams past the limit.

Every route takes a small JSON body, so the body is read whole here and handed on; the app
never sees a body larger than the limit (Kafka refuses large messages, and memory is finite)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import body


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client left: nobody to answer
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        await self.app(scope, replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        # No "Connection: close": the server then reads and drops the rest of the body, so the
        # client, still sending, gets this answer instead of a reset connection.
        message = f"the request body is larger than {self.max_bytes} bytes"
        await JSONResponse(body("payload_too_large", message), 413)(scope, receive, send)


def replay(whole: bytes, receive: Receive) -> Receive:
    """A receive that gives the body already read, then whatever the server says next."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": whole, "more_body": False}

    return again
