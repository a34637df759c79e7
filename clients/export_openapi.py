"""Prints the gateway's OpenAPI document, the one the clients are generated from.

No stack is needed: the document depends on the routes alone, so placeholder settings do, and
the same code prints the same bytes (FastAPI's order, no timestamp)."""

from __future__ import annotations

import json
import sys

from gateway.app import create_app
from rlkernel.settings import Settings


def main() -> None:
    document = create_app(Settings(_env_file=None)).openapi()
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
