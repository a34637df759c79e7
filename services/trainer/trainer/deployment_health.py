"""Deployment-wide health checks (consumer lag, disk, memory, the database pool), measured by
the trainer once per study evaluation and graded under every study's health: what stalls the
deployment stalls each study, and each study's team sees it where it looks. One cause opens an
incident per study; the value and its evidence are the same in each.

- consumer_lag: the largest lag, in messages, of any consumer group of this deployment's
  namespace (the end offsets of the partitions it committed on less its committed offsets);
- disk_used: the fullest disk, as a share, among MONITORING_DISK_PATHS that exist here;
- memory_rss: this trainer process's resident memory, in MiB (Linux: /proc/self/statm);
- db_pool: this trainer's checked-out database connections over the pool's size (above 1:
  overflow connections in use);
- db_connections: the database server's client connections over its max_connections, whoever
  holds them (each replica's pool, backups, replays): what refuses the next connection."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from rldomain.monitoring.grading import Measured
from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings

STATM = Path("/proc/self/statm")
KAFKA_TIMEOUT = 20.0  # seconds: the whole lag measurement, within the evaluation's 60
CONNECTIONS = text(
    "SELECT datname, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
    "GROUP BY datname ORDER BY count(*) DESC"
)


class DeploymentProbe:
    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine

    async def __call__(self) -> dict[str, Measured]:
        try:
            lag = await asyncio.wait_for(self.consumer_lag(), KAFKA_TIMEOUT)
        except Exception as exc:  # Kafka away: the other checks still count (RlsServiceDown's)
            lag = Measured(0, f"not measured: Kafka did not answer ({type(exc).__name__})", False)
        return {
            "consumer_lag": lag,
            "disk_used": self.disk_used(),
            "memory_rss": self.memory_rss(),
            "db_pool": self.db_pool(),
            "db_connections": await asyncio.to_thread(self.db_connections),
        }

    async def consumer_lag(self) -> Measured:
        prefix = f"{self.settings.rls_namespace}."
        admin = AIOKafkaAdminClient(**client_options(self.settings))
        lags: dict[str, int] = {}
        try:
            await admin.start()
            groups = [g[0] for g in await admin.list_consumer_groups() if g[0].startswith(prefix)]
            ends = AIOKafkaConsumer(**client_options(self.settings), enable_auto_commit=False)
            await ends.start()
            try:
                for group in groups:
                    committed = await admin.list_consumer_group_offsets(group)
                    done = {tp: meta.offset for tp, meta in committed.items() if meta.offset >= 0}
                    end = await ends.end_offsets(list(done)) if done else {}
                    lags[group] = sum(max(end[tp] - offset, 0) for tp, offset in done.items())
            finally:
                await ends.stop()
        finally:
            await admin.close()
        if not lags:
            return Measured(0, "no consumer group has committed yet", False)
        group, lag = max(lags.items(), key=lambda kv: kv[1])
        return Measured(lag, f"largest: {group} {lag} messages; rls_consumer_lag_messages by topic")

    def disk_used(self) -> Measured:
        paths = [Path(p) for p in self.settings.monitoring_disk_paths.split(",") if p.strip()]
        used = {p: shutil.disk_usage(p) for p in paths if p.exists()}
        if not used:
            return Measured(0, "no disk watched here (MONITORING_DISK_PATHS)", False)
        path, usage = max(used.items(), key=lambda kv: kv[1].used / kv[1].total)
        free_gib = usage.free / 2**30
        return Measured(usage.used / usage.total, f"fullest: {path}, {free_gib:.1f} GiB free")

    def memory_rss(self) -> Measured:
        if not STATM.exists():
            return Measured(0, "resident memory is read on Linux only", False)
        pages = int(STATM.read_text().split()[1])
        mib = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
        return Measured(mib, f"the trainer (pid {os.getpid()}): {mib:.0f} MiB resident")

    def db_pool(self) -> Measured:
        pool = self.engine.pool
        if not isinstance(pool, QueuePool):
            return Measured(0, f"a {type(pool).__name__} has no size to fill", False)
        out, size = pool.checkedout(), pool.size()
        return Measured(out / size, f"the trainer's pool: {out} of {size} checked out")

    def db_connections(self) -> Measured:
        try:
            with self.engine.connect() as conn:
                limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
                by_database = [(name, n) for name, n in conn.execute(CONNECTIONS)]
        except Exception as exc:  # PostgreSQL away: its own checks say so
            return Measured(
                0, f"not measured: PostgreSQL did not answer ({type(exc).__name__})", False
            )
        used = sum(n for _, n in by_database)
        most = ", ".join(f"{name}: {n}" for name, n in by_database[:3])
        return Measured(used / limit, f"{used} of max_connections {limit} in use ({most})")
