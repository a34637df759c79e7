"""A real HTTP server that receives update callbacks, failing the first `fail_first` calls."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Call:
    code: int  # what the server answered
    raw: bytes  # the body as sent: a signature covers these bytes
    headers: dict[str, str]

    @property
    def body(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.raw)
        return parsed


class CallbackServer:
    def __init__(self, fail_first: int) -> None:
        self.fail_first = fail_first
        self.calls: list[Call] = []
        self.lock = threading.Lock()

    @contextmanager
    def serve(self) -> Iterator[str]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                with server.lock:
                    code = 500 if len(server.calls) < server.fail_first else 200
                    server.calls.append(Call(code, raw, dict(self.headers.items())))
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/callback"
        finally:
            httpd.shutdown()
