"""`python -m mockbackend`: serve the mock mobile backend.

Env: MOCK_BACKEND_TOKEN (required: the bearer token every route wants), MOCK_BACKEND_HOST
(default 127.0.0.1), MOCK_BACKEND_PORT (default 8001), LOG_LEVEL (default INFO).
"""

from __future__ import annotations

import os

import uvicorn

from mockbackend.app import create_app
from rlkernel.logs import configure_logging, get_logger


def main() -> None:
    token = os.environ.get("MOCK_BACKEND_TOKEN", "").strip()
    if not token:
        raise SystemExit("mockbackend: MOCK_BACKEND_TOKEN is not set; refusing to start")
    host = os.environ.get("MOCK_BACKEND_HOST", "127.0.0.1")
    try:
        port = int(os.environ.get("MOCK_BACKEND_PORT", "8001"))
    except ValueError:
        raise SystemExit("mockbackend: MOCK_BACKEND_PORT must be an integer") from None
    level = os.environ.get("LOG_LEVEL", "INFO")
    configure_logging("mockbackend", level)
    get_logger("mockbackend").info("starting", host=host, port=port)
    uvicorn.run(create_app(token), host=host, port=port, log_config=None, log_level=level.lower())


if __name__ == "__main__":
    main()
