"""`python -m gateway`: serve the API on GATEWAY_HOST:GATEWAY_PORT (127.0.0.1:8000)."""

from __future__ import annotations

import uvicorn
from prometheus_client import start_http_server

from gateway.app import create_app
from rlkernel.logs import configure_logging
from rlkernel.settings import Settings


def main() -> None:
    settings = Settings()
    configure_logging("gateway", settings.log_level)
    # Metrics on their own loopback port, like every service: never on the public API port.
    start_http_server(settings.metrics_port or 9100, addr="127.0.0.1")
    uvicorn.run(
        create_app(settings),
        host=settings.gateway_host,
        port=settings.gateway_port,
        loop="uvloop",
        http="httptools",
        log_config=None,
        timeout_graceful_shutdown=15,
    )


if __name__ == "__main__":
    main()
