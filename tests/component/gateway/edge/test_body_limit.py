"""The body limit on its own, at the ASGI level: how much it reads before it refuses."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from gateway.limits import BodyLimit

LIMIT = 100


class Client:
    """Sends the body in the given chunks and counts how many the server asked for."""

    def __init__(self, chunks: list[bytes], content_length: int | None = None) -> None:
        self.chunks, self.asked = chunks, 0
        headers = [] if content_length is None else [(b"content-length", b"%d" % content_length)]
        self.scope: Scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
        self.sent: list[Message] = []

    async def receive(self) -> Message:
        self.asked += 1
        if self.asked > len(self.chunks):
            return {"type": "http.disconnect"}
        more = self.asked < len(self.chunks)
        return {"type": "http.request", "body": self.chunks[self.asked - 1], "more_body": more}

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    def answer(self) -> tuple[int, dict[str, Any]]:
        return self.sent[0]["status"], json.loads(self.sent[1]["body"])


class Echo:
    """The app behind the limit: answers with the body it was given."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": message["body"]})


async def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    client = Client([b"x" * (LIMIT + 1)], content_length=LIMIT + 1)
    await BodyLimit(Echo(), LIMIT)(client.scope, client.receive, client.send)
    status, body = client.answer()
    assert (status, body["code"], client.asked) == (413, "payload_too_large", 0)
    assert body["status"] == "failure" and str(LIMIT) in body["message"]


async def test_a_streamed_body_is_refused_at_the_chunk_that_passes_the_limit() -> None:
    client = Client([b"x" * 60, b"x" * 60, b"x" * 60, b"x" * 60])
    await BodyLimit(Echo(), LIMIT)(client.scope, client.receive, client.send)
    assert (client.answer()[0], client.asked) == (413, 2)


async def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    client = Client([b"a" * 50, b"b" * 50])
    await BodyLimit(Echo(), LIMIT)(client.scope, client.receive, client.send)
    assert client.sent[0]["status"] == 200
    assert client.sent[1]["body"] == b"a" * 50 + b"b" * 50


async def test_a_client_that_leaves_mid_body_gets_no_answer_and_the_app_no_call() -> None:
    client = Client([])  # the first receive is already the disconnect
    await BodyLimit(Echo(), LIMIT)(client.scope, client.receive, client.send)
    assert client.sent == []
