"""Study files for a test stack: the shipped ones, with the backend URL pointed at the test's
mock backend, plus a learning study (blr_ts) that the tests can train quickly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rlkernel.settings import Settings

BANDIT: dict[str, Any] = {
    "id": "bandit",
    "name": "A blr_ts test study",
    "schedule": {"kind": "client_indexed"},
    "fallback_probability": 0.5,
    "context": {"temperature": {"type": "float"}},
    "reward": "default(outcome.clicks, 0)",
    "state": {"intercept": "1", "temperature": "temperature"},
    "algorithm": {
        "name": "blr_ts",
        "clip": {"low": 0.1, "high": 0.9},
        "allocation": {"l_min": 0.1, "l_max": 0.9, "b": 10.526315789473685, "c": 5},
        "priors": {"mu0": [0.0] * 6, "sigma0_diag": [1.0] * 6, "noise_var": 1.0},
    },
    "update": {"posterior": "never", "hyperparameters": "never"},
    "callbacks": {"allowed_hosts": ["127.0.0.1"]},  # the tests' receivers (tests/support/callbacks)
}


def write_studies(
    directory: Path, backend_url: str, every_n: int | None = None, posterior: str = "never"
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for path in Settings().studies_dir.glob("*.yaml"):
        study = yaml.safe_load(path.read_text())
        if "ema_endpoint" in study:  # our mock backend, and a client time-out tests can wait for
            study["ema_endpoint"].update(url=backend_url, timeout_seconds=1.0)
        (directory / path.name).write_text(yaml.safe_dump(study))
    update = {**BANDIT["update"], "every_n_observations": every_n, "posterior": posterior}
    bandit = {**BANDIT, "update": update}
    (directory / "bandit.yaml").write_text(yaml.safe_dump(bandit))
    return directory
