"""What `make up` ends with, against a real gateway: the dashboard login made (and made again
without change, and repaired when its password file is lost), then a tiny simulation run beside
the gateway, its progress read as server-sent events to the end, and its session listed and
summed up for the dashboard's user."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from rlservice.admin_client import login
from rlservice.commands.dashboard import USERNAME, ensure_login
from rlservice.live_simulation.session_stores import LiveStores
from tests.support.infra import Infra
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
TINY = ["--participants", "2", "--days", "2", "--seconds", "10", "--seed", "1"]


def events(response: httpx.Response) -> list[tuple[str, Any]]:
    """(name, data) of each event of the stream, read as they come until it ends."""
    found, name = [], ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            found.append((name, json.loads(line.removeprefix("data: "))))
    return found


def test_a_simulation_is_followed_live_by_the_dashboard_login(
    infra: Infra, stack: Stack, tmp_path: Path
) -> None:
    root, password_file = tmp_path / "simulations", tmp_path / "dashboard-password"
    stack.extra_env["SIMULATIONS_DIR"] = str(root)
    stack.start("gateway")
    stack.wait_until(lambda r: r.get("status") != "unreachable", 60, "the gateway")
    settings = stack.settings()

    ensure_login(stack.url, settings, password_file)
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    first = password_file.read_text()
    ensure_login(stack.url, settings, password_file)  # again: nothing changes
    assert password_file.read_text() == first
    password_file.unlink()  # lost: a new password is set for the login that remains
    ensure_login(stack.url, settings, password_file)
    with httpx.Client(base_url=stack.url, timeout=30) as http:
        token = login(http, USERNAME, password_file.read_text().strip())
        http.headers["Authorization"] = f"Bearer {token}"

        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
            "REDIS_URL": infra.redis_url,
            "DATABASE_URL": infra.database_url,
            "SIMULATIONS_DIR": str(root),
        }
        output = tmp_path / "simulate.log"
        run = subprocess.Popen(
            [sys.executable, "-m", "rlservice", "simulate", *TINY],
            env=env,
            stdout=output.open("w"),
            stderr=subprocess.STDOUT,
        )
        try:
            progress = wait_for(
                lambda: list(root.glob("*/progress.json")), bool, 120, "the run's progress file"
            )
            session = progress[0].parent.name
            listed = http.get("/v1/simulations").json()["sessions"]
            assert [(s["session"], s["study"]) for s in listed] == [(session, "miwaves")]
            with http.stream("GET", f"/v1/simulations/{session}/progress", timeout=300) as stream:
                assert stream.status_code == 200
                found = events(stream)
            assert run.wait(240) == 0, output.read_text()[-3000:]
        finally:
            if run.poll() is None:
                run.kill()
            for folder in root.glob("*"):  # its database, topics and keys
                LiveStores(settings).remove(folder.name)

        name, end = found[-1]
        assert (name, end["reason"]) == ("end", "finished")
        assert end["progress"]["done"] == end["progress"]["total"] > 0
        done = [data["done"] for kind, data in found if kind == "progress"]
        assert done == sorted(done) and done[-1] == end["progress"]["total"]
        summary = http.get(f"/v1/simulations/{session}").json()
        assert summary["running"] is False
        assert summary["results"]["replay_mismatches"] == 0
        plots = http.get(f"/v1/simulations/{session}/plots").json()["plots"]
        assert "probability_by_day" in [p["name"] for p in plots]
