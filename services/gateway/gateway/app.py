"""The gateway's FastAPI application: HTTP in, Kafka events out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.responses import Response

from gateway import errors, outages
from gateway.client_archives import ClientArchives
from gateway.http_metrics import HttpMetrics
from gateway.json_body import StrictJson
from gateway.limits import BodyLimit
from gateway.query_keys import single_valued_query
from gateway.routes import (
    auth,
    clients,
    daily,
    dead_letters,
    downloads,
    health,
    justin,
    learning,
    miwaves,
    native,
    notification_times,
    pilot,
    policies,
    simulations,
    study_health,
    timeline,
    ui,
)
from gateway.state import GatewayState
from gateway.study_docs import type_action_bodies
from rldomain.study import load_studies
from rlkernel import asyncapi
from rlkernel.metrics import StudyLabels
from rlkernel.settings import Settings
from rlkernel.topics import Topics


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = GatewayState(settings)
        app.state.gateway = state
        connecting = asyncio.create_task(state.connect_kafka())
        try:
            yield
        finally:
            connecting.cancel()
            await state.close()

    app = FastAPI(
        title="rl-service",
        version="1",
        summary="Decisions, data and policy updates for adaptive digital-health studies",
        lifespan=lifespan,
        dependencies=[Depends(single_valued_query)],
    )
    errors.install(app)
    outages.install(app)
    ui.install(app)  # the dashboard's pages: innermost, so the HTTP metrics count them too
    app.add_middleware(StrictJson)
    app.add_middleware(BodyLimit, max_bytes=settings.gateway_max_body_bytes)
    # The outermost: it also counts what the body checks refuse (413, 422).
    app.add_middleware(HttpMetrics, studies=StudyLabels.of(settings.studies_dir))
    routers = (
        health,
        auth,
        clients,
        native,
        notification_times,
        learning,
        policies,
        pilot,
        dead_letters,
        study_health,
        daily,
        timeline,
        simulations,
        miwaves,
        justin,
    )
    for module in routers:
        app.include_router(module.router)
    app.include_router(downloads.router(ClientArchives(settings.clients_dir)))
    events = json.dumps(asyncapi.document(Topics(settings.rls_namespace)))  # never changes
    generic_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        """FastAPI's document, with each study's own action request body (gateway.study_docs)."""
        if app.openapi_schema is None:  # FastAPI's own caches its document there
            document = generic_openapi()
            type_action_bodies(document, load_studies(settings.studies_dir).values())
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi_json() -> Response:
        """The event catalog as an AsyncAPI 3.0 document; no auth, like /openapi.json."""
        return Response(events, media_type="application/json")

    return app
