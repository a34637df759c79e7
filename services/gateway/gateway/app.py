"""The gateway's FastAPI application: HTTP in, Kafka events out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from gateway import errors, outages
from gateway.json_body import StrictJson
from gateway.limits import BodyLimit
from gateway.routes import (
    auth,
    clients,
    dead_letters,
    health,
    justin,
    learning,
    miwaves,
    native,
    timeline,
)
from gateway.state import GatewayState
from rlkernel.settings import Settings


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
    )
    errors.install(app)
    outages.install(app)
    app.add_middleware(StrictJson)
    app.add_middleware(BodyLimit, max_bytes=settings.gateway_max_body_bytes)  # the outer one
    routers = (health, auth, clients, native, learning, dead_letters, timeline, miwaves, justin)
    for module in routers:
        app.include_router(module.router)
    return app
