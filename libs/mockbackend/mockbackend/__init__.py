"""A stand-in for a study's mobile backend: the EMA endpoint rl-service's ingest service pulls
when a decision window closes (MiWaves' API_URI + EMA_ENDPOINT), plus a control API that lets
tests and the simulator store records and script faults. In-memory, one process.

Run it with `python -m mockbackend`; build it in-process with `create_app(token)`.
"""

from __future__ import annotations

from mockbackend.app import create_app

__all__ = ["create_app"]
