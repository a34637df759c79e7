"""The committed OpenAPI document and clients are what `make clients` generates from today's
routes: a route changed without regenerating them fails here (README, "Clients").

clients/generate.sh writes into a temporary directory and the trees are compared byte for byte.
It needs npm (Node.js 20 or later), which the machine has; without it this fails, saying so."""

from __future__ import annotations

import subprocess
from pathlib import Path

from rlkernel.settings import PROJECT_ROOT

CLIENTS = PROJECT_ROOT / "clients"
GENERATED = ("openapi.json", "python", "typescript/src")
# Left in clients/python by Python, by its editable install (deploy/bootstrap.sh) and by ruff
# (`make lint`); all git-ignored.
NOT_GENERATED = {"__pycache__", ".pdm-build", ".ruff_cache"}


def files(top: Path) -> dict[str, bytes]:
    """Every generated file under `top`, by its relative path."""
    if top.is_file():
        return {top.name: top.read_bytes()}
    found = {path.relative_to(top): path for path in top.rglob("*") if path.is_file()}
    return {
        str(name): path.read_bytes()
        for name, path in found.items()
        if not NOT_GENERATED & set(name.parts)
    }


def test_the_committed_openapi_document_and_clients_are_current(tmp_path: Path) -> None:
    generated = subprocess.run(
        [str(CLIENTS / "generate.sh"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert generated.returncode == 0, generated.stderr
    for part in GENERATED:
        committed, fresh = files(CLIENTS / part), files(tmp_path / part)
        stale = sorted(
            name
            for name in committed.keys() | fresh.keys()
            if committed.get(name) != fresh.get(name)
        )
        assert not stale, f"clients/{part} is not current, run `make clients`: {stale[:10]}"
