"""The study dashboard under /ui: static HTML pages, their scripts and styles; no data.

A page is a fixed file; its script fetches everything it shows from the /v1 JSON routes with
the caller's token, so the dashboard adds no way into the data that the API does not already
check (roles per study). Every /ui response carries a strict Content-Security-Policy: scripts
and styles from this origin only, no inline script or style attribute, no eval, fetches to
this origin only; so even a study id or a note rendered by mistake as markup cannot run.
docs/design.md, "Dashboard", says why this shape.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse
from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import ApiError
from gateway.inputs import is_id

UI = Path(__file__).resolve().parent.parent / "ui"

# URL pattern -> page file in ui/pages. A path parameter is an id the page's script reads from
# its own URL (RLS.pathPart in app.js); it is checked here only to refuse garbage early.
PAGES = {
    "/ui": "overview.html",
    "/ui/login": "login.html",
    "/ui/studies/{study_id}": "study.html",
    "/ui/studies/{study_id}/participants/{participant_id}": "timeline.html",
    "/ui/studies/{study_id}/policies": "policies.html",
    "/ui/simulations": "simulations.html",
    "/ui/simulations/{session_id}": "simulation.html",
}

HTML = "text/html; charset=utf-8"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class UiHeaders:
    """Adds HEADERS to every response under /ui: pages, static files and 404s alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path != "/ui" and not path.startswith("/ui/"):
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                # A script or style is used again only after asking (a 304 by its ETag): never
                # an old app.js under a new page. Pages say no-store themselves.
                headers.setdefault("Cache-Control", "no-cache")
            await send(message)

        await self.app(scope, receive, sending)


class StaticUnder:
    """The static files at `path`, counted in the HTTP metrics under that one route label:
    FastAPI names no route for a mount, which would count them with the 404s, `unmatched`."""

    def __init__(self, path: str) -> None:
        self.path = path  # what gateway.http_metrics reads from scope["route"]
        self.files = StaticFiles(directory=UI / "static")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = self
        await self.files(scope, receive, send)


def page(file: str) -> Callable[[Request], Awaitable[FileResponse]]:
    path = UI / "pages" / file

    async def serve(request: Request) -> FileResponse:
        if not all(is_id(i) for i in request.path_params.values()):
            raise ApiError(404, "not_found", "no such page")
        # no-store: a page is tiny, and a stale one could load a script of another version.
        return FileResponse(path, media_type=HTML, headers={"Cache-Control": "no-store"})

    return serve


def install(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)  # not an API: out of OpenAPI and the clients
    for pattern, file in PAGES.items():
        router.add_api_route(pattern, page(file), methods=["GET"])
    app.include_router(router)
    app.mount("/ui/static", StaticUnder("/ui/static"), name="ui-static")
    app.add_middleware(UiHeaders)
