"""GET /clients: the Python and TypeScript clients generated from the OpenAPI document, to
download as archives (no auth: they hold nothing the public /openapi.json does not). Not in
the document itself: they are files about the API, not operations of it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from gateway.client_archives import CLIENTS, ClientArchives, archive_root


def router(archives: ClientArchives) -> APIRouter:
    routes = APIRouter(tags=["downloads"], include_in_schema=False)

    @routes.get("/clients")
    async def list_clients() -> dict[str, Any]:
        return {
            "openapi": "/openapi.json",
            "clients": [
                {"name": name, "generator": CLIENTS[name], "archive": f"/clients/{name}.tar.gz"}
                for name in archives.available()
            ],
        }

    @routes.get("/clients/{name}.tar.gz")
    async def download_client(name: str) -> Response:
        filename = f"{archive_root(name)}.tar.gz"
        return Response(
            await archives.archive(name),
            media_type="application/gzip",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return routes
