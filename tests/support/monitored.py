"""A stack whose trainer evaluates the health checks every second, on study files carrying the
test's own `monitoring:` settings: what the health-check e2e tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rlkernel.settings import Settings
from tests.support.api import Api
from tests.support.stack import Stack


def monitored(
    stack: Stack,
    tmp_path: Path,
    monitoring: dict[str, dict[str, Any]],
    services: tuple[str, ...] = ("gateway", "trainer"),
    **env: str,
) -> Api:
    """The shipped studies, each named in `monitoring` with that as its `monitoring:` section;
    `services` started with `env` and healthy. The caller closes the returned client."""
    studies = tmp_path / "studies"
    studies.mkdir()
    for path in Settings().studies_dir.glob("*.yaml"):
        study = yaml.safe_load(path.read_text())
        if study["id"] in monitoring:
            study["monitoring"] = monitoring[study["id"]]
        (studies / path.name).write_text(yaml.safe_dump(study))
    stack.extra_env.update({"STUDIES_DIR": str(studies), "MONITORING_EVERY_SECONDS": "1", **env})
    for service in services:
        stack.start(service)
    stack.wait_until(
        lambda r: all(r.get("services", {}).get(s, {}).get("status") == "ok" for s in services),
        60,
        " and ".join(services),
    )
    return Api(stack)
