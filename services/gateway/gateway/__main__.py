"""`python -m gateway`: serve the API on GATEWAY_HOST:GATEWAY_PORT (127.0.0.1:8000), in
GATEWAY_WORKERS processes sharing the port (uvicorn's workers)."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from rlkernel.settings import Settings


def main() -> None:
    settings = Settings()
    shared = None
    if settings.gateway_workers > 1:
        # Each worker writes its metrics to files here, which this process serves summed up.
        # Set before prometheus_client is first imported: it picks its storage at import.
        shared = tempfile.mkdtemp(prefix="rls-gateway-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
    try:
        serve(settings)
    finally:
        if shared:
            shutil.rmtree(shared, ignore_errors=True)


def serve(settings: Settings) -> None:
    import uvicorn
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

    from rlkernel.logs import configure_logging
    from rlkernel.metrics import serve_metrics

    configure_logging("gateway", settings.log_level)
    registry = REGISTRY
    if settings.gateway_workers > 1:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    # Metrics on their own port, like every service: never on the public API port.
    serve_metrics(settings, settings.metrics_port or 9100, registry)
    # One worker serves the app built here; several each build their own (and their own Kafka,
    # Redis and database clients) from the factory.
    app: Any = "gateway.__main__:worker_app"
    if settings.gateway_workers == 1:
        from gateway.app import create_app

        app = create_app(settings)
    uvicorn.run(
        app,
        factory=settings.gateway_workers > 1,
        workers=settings.gateway_workers,
        host=settings.gateway_host,
        port=settings.gateway_port,
        loop="uvloop",
        http="httptools",
        log_config=None,
        timeout_graceful_shutdown=15,
        # X-Forwarded-For is read by gateway.forwarded, from TRUSTED_PROXIES only; uvicorn's
        # reading would trust loopback's by default and rewrite the peer before it.
        proxy_headers=False,
    )


def worker_app() -> Any:
    """The app of one of several workers: a process of its own (uvicorn spawns it), whose
    logging is set up anew, or structlog's defaults would print tracebacks with their locals."""
    from gateway.app import create_app
    from rlkernel.logs import configure_logging

    settings = Settings()
    configure_logging("gateway", settings.log_level)
    return create_app(settings)


if __name__ == "__main__":
    main()
