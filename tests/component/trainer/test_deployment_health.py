"""The trainer's deployment-wide measures, without a stack: disk, memory and pool from this
process, an overflowing pool graded red, and Kafka or PostgreSQL away leaving the lag and the
server's connections unmeasured rather than failing the evaluation."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import QueuePool

from rldomain.monitoring.checks import CHECKS
from rlkernel.settings import Settings
from trainer.deployment_health import DeploymentProbe

ENGINE = create_engine("postgresql+psycopg2://u:p@127.0.0.1:1/none", pool_size=4)  # never used


async def test_disk_memory_and_pool_are_measured_and_kafka_away_is_not_a_failure(
    tmp_path: Path,
) -> None:
    settings = Settings(
        kafka_bootstrap_servers="127.0.0.1:1",  # nothing listens there
        monitoring_disk_paths=f"{tmp_path},/no/such/folder",
    )
    measured = await DeploymentProbe(settings, ENGINE)()

    assert not measured["consumer_lag"].applies
    assert measured["consumer_lag"].evidence.startswith("not measured: Kafka did not answer")
    disk = measured["disk_used"]
    assert disk.applies and 0 < disk.value < 1 and str(tmp_path) in disk.evidence
    assert measured["memory_rss"].value > 10  # MiB: a Python process with numpy loaded
    assert (measured["db_pool"].value, measured["db_pool"].evidence) == (
        0,
        "the trainer's pool: 0 of 4 checked out",
    )
    connections = measured["db_connections"]  # the server's count: PostgreSQL is away here
    assert not connections.applies
    assert connections.evidence == "not measured: PostgreSQL did not answer (OperationalError)"


async def test_no_disk_watched_is_not_applicable() -> None:
    probe = DeploymentProbe(Settings(monitoring_disk_paths=""), ENGINE)
    assert not probe.disk_used().applies


async def test_a_pool_in_overflow_is_red(tmp_path: Path) -> None:
    """Two connections held from a pool of one (its overflow in use): 2.0, red from 1.5."""
    engine = create_engine(
        f"sqlite:///{tmp_path / 'pool.db'}", poolclass=QueuePool, pool_size=1, max_overflow=1
    )
    probe = DeploymentProbe(Settings(), engine)
    with engine.connect(), engine.connect():
        held = probe.db_pool()
    assert (held.value, held.evidence) == (2.0, "the trainer's pool: 2 of 1 checked out")
    assert CHECKS["db_pool"].defaults.grade(held.value) == "red"
    assert CHECKS["db_pool"].defaults.grade(probe.db_pool().value) == "green"  # given back
    engine.dispose()
