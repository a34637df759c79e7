"""`rlservice simulate list` and `delete` against the real stores: a tiny simulation is listed
with its database and topics, pruned to SIMULATIONS_KEPT by the next run, and deleted; what it
held is then gone from pg_database and from the broker's topics. The sessions live in a folder
of the test's own (SIMULATIONS_DIR), so no other session is ever pruned."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from rlkernel.settings import Settings
from rlservice.live_simulation.sandbox import database_name, namespace_of
from rlservice.live_simulation.session_stores import LiveStores
from tests.support.infra import Infra
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def sessions_dir(infra: Infra, tmp_path: Path) -> Iterator[Path]:
    """The test's sessions folder; whatever a failed test left in the stores is removed."""
    root = tmp_path / "simulations"
    yield root
    settings = Settings(
        kafka_bootstrap_servers=infra.kafka,
        redis_url=SecretStr(infra.redis_url),
        database_url=SecretStr(infra.database_url),
    )
    for folder in root.glob("*") if root.is_dir() else []:
        LiveStores(settings).remove(folder.name)


def rlservice(
    infra: Infra, root: Path, *args: str, kept: int = 3
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
        "REDIS_URL": infra.redis_url,
        "DATABASE_URL": infra.database_url,
        "SIMULATIONS_DIR": str(root),
        "SIMULATIONS_KEPT": str(kept),
    }
    done = subprocess.run(
        [sys.executable, "-m", "rlservice", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def simulate(infra: Infra, root: Path, kept: int) -> str:
    """Runs a tiny simulation; the id of the session it made."""
    before = {p.name for p in root.glob("*")}
    tiny = ["--participants", "2", "--days", "2", "--seconds", "10", "--seed", "1"]
    rlservice(infra, root, "simulate", *tiny, kept=kept)
    [session] = {p.name for p in root.glob("*")} - before
    return session


def listed(infra: Infra, root: Path) -> dict[str, dict[str, Any]]:
    done = rlservice(infra, root, "simulate", "list", "--json")
    return {s["session"]: s for s in json.loads(done.stdout)}


def databases(infra: Infra) -> set[str]:
    engine = create_engine(infra.database_url)
    try:
        with engine.connect() as conn:
            return {str(n) for (n,) in conn.execute(text("SELECT datname FROM pg_database"))}
    finally:
        engine.dispose()


def topics_of(infra: Infra, session: str) -> list[str]:
    async def names() -> list[str]:
        admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka)
        await admin.start()
        try:
            return list(await admin.list_topics())
        finally:
            await admin.close()

    return [t for t in asyncio.run(names()) if t.startswith(f"{namespace_of(session)}.")]


def assert_gone(infra: Infra, root: Path, session: str) -> None:
    assert not (root / session).exists()
    assert database_name(session) not in databases(infra)
    wait_for(lambda: topics_of(infra, session), lambda t: t == [], 30, f"{session}'s topics gone")


def test_sessions_are_listed_pruned_to_the_setting_and_deleted_with_their_stores(
    infra: Infra, sessions_dir: Path
) -> None:
    first = simulate(infra, sessions_dir, kept=3)
    [row] = listed(infra, sessions_dir).values()
    assert row["session"] == first
    assert row["study"] == "miwaves"
    assert row["decisions"] > 0
    assert row["replay_mismatches"] == 0
    assert row["size_bytes"] > 0
    assert row["database"] is True
    assert row["topics"] > 0
    assert row["running"] is False
    assert database_name(first) in databases(infra)
    assert topics_of(infra, first)

    second = simulate(infra, sessions_dir, kept=1)  # keeps only itself: the first goes
    assert list(listed(infra, sessions_dir)) == [second]
    assert_gone(infra, sessions_dir, first)

    deleted = rlservice(infra, sessions_dir, "simulate", "delete", second, "--yes")
    assert f"deleted session {second}: database dropped" in deleted.stdout
    assert_gone(infra, sessions_dir, second)
    assert listed(infra, sessions_dir) == {}
    again = rlservice(infra, sessions_dir, "simulate", "delete", second, "--yes")
    assert f"nothing of session {second} was left" in again.stdout
