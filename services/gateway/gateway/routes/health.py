"""GET /healthz: the gateway's own dependencies, and every service as its heartbeats report it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from gateway.deps import StateDep
from gateway.responses import Health
from rlkernel.health import SERVICES, check, read_heartbeats, service_status

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    operation_id="getHealth",
    summary="Health of the services and their dependencies (no auth)",
    responses={
        200: {"model": Health},
        503: {"model": Health, "description": "Something is not ok: the body says what"},
    },
)
async def healthz(state: StateDep) -> JSONResponse:
    """200 when everything is ok, 503 otherwise; the body says which part is not."""
    deps = await check(state.probes())
    services: dict[str, dict[str, Any]] = {"gateway": {"status": "ok", "instances": 1}}
    if deps["redis"] == "ok":
        try:
            beats = await read_heartbeats(state.redis, state.settings.rls_namespace)
        except Exception:
            beats = None
    else:
        beats = None
    for name in SERVICES[1:]:
        if beats is None:  # heartbeats live in Redis: without it we cannot tell
            services[name] = {"status": "unknown", "instances": 0}
        else:
            services[name] = {"status": service_status(beats[name]), "instances": len(beats[name])}
    if any(v != "ok" for v in deps.values()):
        services["gateway"]["status"] = "degraded"
    ok = all(v == "ok" for v in deps.values()) and all(
        s["status"] == "ok" for s in services.values()
    )
    body = {
        "status": "ok" if ok else "degraded",
        "services": services,
        "dependencies": {name: {"status": status} for name, status in deps.items()},
    }
    return JSONResponse(body, status_code=200 if ok else 503)
