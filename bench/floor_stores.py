"""Floor primitives 3 and 4: a Redis GET through redis.asyncio as the services make it, alone and
pipelined by 100; and decision rows inserted by 100 through SQLAlchemy and psycopg2 (INSERT ..
ON CONFLICT DO NOTHING RETURNING, one transaction a batch), into a temp table shaped like
decisions. Two ways of building that INSERT: `.values(rows)`, which SQLAlchemy compiles anew
for every batch, and executemany, compiled once (rladapters.decision_record's): they differ in
the client's CPU. A temp table writes no WAL, so the server figure is a lower bound for the real
table."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import BigInteger, Column, Identity, MetaData, Table, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from bench.floor_cpu import Figure, Meter, figure, idle_rate, pids
from rladapters.decision_record import DECISIONS, EVENT_COLUMNS
from rlkernel.db.engine import make_engine
from rlkernel.redis_client import make_redis
from rlkernel.settings import Settings

PIPELINE = 100
PG_BATCH = 100


async def measure_redis(settings: Settings, count: int, batches: int) -> tuple[Figure, Figure]:
    redis = make_redis(settings)
    port = urlparse(settings.redis_url.get_secret_value()).port
    server = pids(f"redis-server .*:{port}")
    key = f"floor:{uuid.uuid4().hex}"
    try:
        await redis.set(key, "x" * 100, ex=120)
        for _ in range(100):  # warm-up: the pool's connection
            await redis.get(key)
        idle_before = await asyncio.to_thread(idle_rate, server)
        single_lat, piped_lat = [], []
        with Meter(server) as single:
            for _ in range(count):
                t = time.perf_counter()
                await redis.get(key)
                single_lat.append((time.perf_counter() - t) * 1000)
        with Meter(server) as piped:
            for _ in range(batches):
                t = time.perf_counter()
                async with redis.pipeline(transaction=False) as pipe:
                    for _ in range(PIPELINE):
                        pipe.get(key)
                    await pipe.execute()
                piped_lat.append((time.perf_counter() - t) * 1000)
        idle = (idle_before, await asyncio.to_thread(idle_rate, server))
        await redis.delete(key)
    finally:
        await redis.aclose()
    one = figure("Redis GET", single.usage, count, single_lat, "GET", server_idle=idle)
    many = figure(
        f"Redis GET, pipelined by {PIPELINE}",
        piped.usage,
        batches * PIPELINE,
        piped_lat,
        f"pipeline of {PIPELINE}",
        server_idle=idle,
    )
    return one, many


def floor_decisions() -> Table:
    """The decisions table's columns and unique keys as a temp table. Without the foreign key
    (no participants needed) and with a rid sequence of its own: the real one is never drawn."""
    columns = []
    for c in DECISIONS.columns:
        if c.name == "rid":
            columns.append(Column("rid", BigInteger, Identity(), unique=True))
            continue
        # recorded_at is the one other column the database fills in.
        default = func.now() if c.server_default is not None else None
        columns.append(
            Column(
                c.name,
                c.type,
                primary_key=c.primary_key,
                nullable=c.nullable,
                unique=bool(c.unique),
                server_default=default,
            )
        )
    slot = UniqueConstraint("study_id", "participant_id", "decision_index", name="floor_slot")
    return Table("floor_decisions", MetaData(), *columns, slot, prefixes=["TEMPORARY"])


def rows(batch: int) -> list[dict[str, Any]]:
    """New slots (every insert wins, as in steady state), with a decision's usual values."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "study_id": "justin",
        "decision_index": 7,
        "seed": 1234567890123,
        "action": 1,
        "probability": 0.5,
        "policy_version": 1,
        "algorithm": "flat",
        "state": [1.0, 21.5],
        "context": {"temperature": 21.5},
        "recent_rewards": [2.0, 3.0, 1.0],
        "fallback": False,
        "fallback_reason": None,
        "decided_at": now,
        "decided_by": "decision-floor",
    }
    out = []
    for i in range(batch):
        ids = {"request_id": uuid.uuid4(), "event_id": uuid.uuid4()}
        row = {**values, **ids, "participant_id": f"floor-{uuid.uuid4().hex[:10]}-{i}"}
        out.append({c: row[c] for c in EVENT_COLUMNS})
    return out


def insert_batch(
    conn: Connection, table: Table, batch: list[dict[str, Any]], executemany: bool
) -> None:
    """One transaction: the rows, and the rids of those that won their slot. `executemany`
    False builds the statement with `.values(rows)` (SQLAlchemy compiles it anew for every
    batch); True passes the rows as parameters (SQLAlchemy's "insertmanyvalues": the statement
    compiled once, still sent as one multi-row INSERT)."""
    statement = (
        (insert(table) if executemany else insert(table).values(batch))
        .on_conflict_do_nothing(constraint="floor_slot")
        .returning(table.c.event_id, table.c.rid)
    )
    with conn.begin():
        result = conn.execute(statement, batch) if executemany else conn.execute(statement)
        assert len(result.all()) == len(batch)


def measure_postgres(settings: Settings, batches: int) -> tuple[Figure, Figure]:
    engine = make_engine(settings)
    table = floor_decisions()
    figures = []
    try:
        # One connection throughout: a temp table lives in its session, and its backend is the
        # one server process whose CPU is ours.
        with engine.connect() as conn:
            backend = int(conn.exec_driver_sql("select pg_backend_pid()").scalar_one())
            table.create(conn)
            conn.commit()
            for executemany in (False, True):
                work = [rows(PG_BATCH) for _ in range(batches)]
                for _ in range(5):  # warm-up: statement compilation, the backend's caches
                    insert_batch(conn, table, rows(PG_BATCH), executemany)
                latencies = []
                with Meter([backend]) as meter:
                    for batch in work:
                        t = time.perf_counter()
                        insert_batch(conn, table, batch, executemany)
                        latencies.append((time.perf_counter() - t) * 1000)
                how = "executemany" if executemany else ".values(rows)"
                figures.append(
                    figure(
                        f"PG row, by {PG_BATCH}, {how}",
                        meter.usage,
                        batches * PG_BATCH,
                        latencies,
                        f"batch of {PG_BATCH}",
                    )
                )
            table.drop(conn)
            conn.commit()
    finally:
        engine.dispose()
    return figures[0], figures[1]
