"""`rlservice simulate`: a whole study against the real services, as a mobile backend runs it.

It starts a deployment of its own (the four services and the mock backend on the running Kafka,
Redis and PostgreSQL, in a fresh namespace and database, so simulated participants never mix
with real ones) on an accelerated clock, then plays the backend: registers synthetic
participants (rlaudit.simulation.World, known treatment effects), asks for an action in each of
their decision windows, answers the EMA through the mock backend, closes each window; the
trainer updates on the study's schedule. The same run proves the system end to end: it ends with
a replay of every decision it made.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import numpy as np
import yaml
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.orm import Session, sessionmaker

from rladapters.policies import latest as policies_latest
from rlaudit.simulation.offline import run_flat
from rlaudit.simulation.world import World, WorldConfig
from rldomain.algorithms import decode_params
from rldomain.algorithms.states import miwaves_state
from rldomain.rewards import miwaves_reward
from rldomain.study import Study, load_studies
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.db.migrate import upgrade
from rlkernel.kafka import ensure_topics
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.audit import replay
from rlservice.deployment import Deployment, create_database, free_port
from rlservice.launcher import STATE_DIR
from rlservice.simulation_report import STATES, daily, estimated_effects, print_summary, save

console = Console()

MORNING, EVENING = 800, 2000  # every simulated participant's notification times


@dataclass
class LiveRun:
    world: World
    tz: ZoneInfo
    start: datetime  # virtual midnight of calendar day 0, study time
    gateway: httpx.AsyncClient
    backend: httpx.AsyncClient
    decisions: list[dict[str, Any]] = field(default_factory=list)
    rewards: dict[str, list[float]] = field(default_factory=dict)
    open_windows: set[str] = field(default_factory=set)

    def at(self, day: int, hhmm: int, minutes: int = 0) -> datetime:
        return self.start + timedelta(days=day, hours=hhmm // 100, minutes=hhmm % 100 + minutes)

    async def register_all(self) -> None:
        async def one(pid: str, start_day: int) -> None:
            first = (self.start + timedelta(days=start_day)).date()
            last = first + timedelta(days=29)
            body = {
                "user_id": pid,
                "morning_notification_time_start": [MORNING] * 7,
                "evening_notification_time_start": [EVENING] * 7,
                "consent_start_date": str(first),
                "consent_end_date": str(last),
                "rl_start_date": str(first),
                "rl_end_date": str(last),
            }
            (await self.gateway.post("/register", json=body)).raise_for_status()

        await asyncio.gather(*(one(p.id, p.start_day) for p in self.world.participants))

    async def close_windows(self) -> None:
        """What a MiWaves backend does after each window: 'window ended, fetch its data'."""

        async def one(pid: str) -> None:
            (
                await self.gateway.post("/end_decision_window", json={"user_id": pid})
            ).raise_for_status()

        await asyncio.gather(*(one(pid) for pid in sorted(self.open_windows)))
        self.open_windows.clear()

    async def decide_all(self, day: int, window: int) -> None:
        async def one(pid: str, index: int) -> None:
            fields = self.world.fields(pid, index, self.world.rng(pid, index, "fields"))
            answer = await self.gateway.post("/actions", json={"user_id": pid, **fields})
            answer.raise_for_status()
            d = answer.json()
            # The true state, from the world's own history (the service sees the same inputs).
            truth = {**fields, "reward": miwaves_reward(fields), "time_of_day": window}
            state = miwaves_state(truth, self.rewards.setdefault(pid, [])[-2:])
            outcome = self.world.outcome(
                pid, index, state, d["action"], self.world.rng(pid, index, "outcome")
            )
            self.rewards[pid].append(miwaves_reward(outcome))
            record = {
                **outcome,
                "user_id": pid,
                "action_taken": d["action"],
                "seed": d["seed"],
                "act_prob": d["act_prob"],
                "policy_id": d["policy_id"],
                "decision_index": d["decision_index"],
                "rid": d["rid"],
                "act_gen_timestamp": d["act_gen_timestamp"],
                "timestamp_finished_ema": "NA",
                "message_notification_sent_time": "NA",
                "message_notification_click_time": "NA",
                "morning_notification_time_start": [MORNING] * 7,
                "evening_notification_time_start": [EVENING] * 7,
            }
            (
                await self.backend.post(
                    "/control/records", json={"user_id": pid, "records": [record]}
                )
            ).raise_for_status()
            self.decisions.append(
                {
                    **d,
                    "participant_id": pid,
                    "day": day,
                    "state": state,
                    "reward": self.rewards[pid][-1],
                }
            )
            self.open_windows.add(pid)

        due = [
            (p.id, 2 * (day - p.start_day) + window)
            for p in self.world.participants
            if self.world.active(p.id, day - p.start_day)
        ]
        await asyncio.gather(*(one(pid, index) for pid, index in due))


async def sleep_until(virtual: float, clock: tuple[float, float, float]) -> None:
    """Sleep until the service clock (virtual anchor, real anchor, speed) shows `virtual`."""
    anchor_virtual, anchor_real, speed = clock
    await asyncio.sleep(max(0.0, anchor_real + (virtual - anchor_virtual) / speed - time.time()))


async def play(run: LiveRun, days: int, clock: tuple[float, float, float]) -> None:
    """Each window: close the one before, then ask for this one's actions 30 virtual minutes
    after it opens (so the previous window's data has had time to arrive)."""
    await run.register_all()
    moments = [(d, w) for d in range(days) for w in (0, 1)]
    with Progress(transient=True) as progress:
        task = progress.add_task("simulating", total=len(moments))
        for day, window in moments:
            await sleep_until(run.at(day, EVENING if window else MORNING, 30).timestamp(), clock)
            await run.close_windows()
            await run.decide_all(day, window)
            progress.update(
                task, advance=1, description=f"day {day + 1}/{days}, {len(run.decisions)} decisions"
            )
        await sleep_until(run.at(days, MORNING, 30).timestamp(), clock)
        await run.close_windows()


def new_session_id() -> str:
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"


def deployment_for(
    settings: Settings, study: Study, session: str, clock: tuple[float, float, float], folder: Path
) -> tuple[Deployment, int, str]:
    """A fresh database and namespace; the study file pointed at this run's mock backend."""
    db_name = f"rls_sim_{session.replace('-', '_')}"
    url = create_database(settings.database_url.get_secret_value(), db_name)
    token, mock_port = uuid.uuid4().hex, free_port()
    studies = folder / "studies"
    studies.mkdir(parents=True, exist_ok=True)
    config = study.model_dump(mode="json", exclude_none=True)
    config["ema_endpoint"] = {
        "url": f"http://127.0.0.1:{mock_port}/ema_study",
        "token_env": "SIM_BACKEND_TOKEN",
        "timeout_seconds": 5.0,
    }
    (studies / f"{study.id}.yaml").write_text(yaml.safe_dump(config))
    deployment = Deployment(
        settings.kafka_bootstrap_servers,
        settings.redis_url.get_secret_value(),
        url,
        namespace=f"sim{session.replace('-', '')[-12:]}",
        log_dir="simulations",
        env_name="development",
        extra_env={
            "STUDIES_DIR": str(studies),
            "SIM_BACKEND_TOKEN": token,
            "CLOCK_VIRTUAL_ANCHOR": str(clock[0]),
            "CLOCK_REAL_ANCHOR": str(clock[1]),
            "CLOCK_SPEED": str(clock[2]),
            "TRAINER_SCHEDULE_CHECK_SECONDS": "0.2",
        },
    )
    return deployment, mock_port, token


def simulate(
    settings: Settings,
    study: Study,
    participants: int,
    days: int,
    seconds: float,
    seed: int,
    compare: str | None,
) -> int:
    if study.schedule.kind != "twice_daily" or study.reward != "miwaves":
        raise ValueError("the simulator plays MiWaves-style studies (two windows a day)")
    session = new_session_id()
    folder = STATE_DIR / "simulations" / session
    config = WorldConfig(
        participants=participants, days=days, seed=seed, enrollment_days=max(1, min(3, days // 3))
    )
    world = World(config)
    calendar_days = days + max(p.start_day for p in world.participants)
    tz = ZoneInfo(study.timezone)
    start = datetime.now(tz).replace(hour=0, minute=0, second=0, microsecond=0)
    speed = calendar_days * 86400 / seconds
    warmup = 15.0  # real seconds for the services to come up before virtual midnight
    clock = (start.timestamp(), time.time() + warmup, speed)
    deployment, mock_port, token = deployment_for(settings, study, session, clock, folder)
    sim_settings = Settings.model_validate({k.lower(): v for k, v in deployment.env().items()})
    upgrade(sim_settings)
    asyncio.run(ensure_topics(sim_settings, Topics(deployment.namespace).specs()))
    began = time.monotonic()
    try:
        deployment.start("mockbackend", MOCK_BACKEND_TOKEN=token, MOCK_BACKEND_PORT=str(mock_port))
        for service in ("gateway", "decision", "ingest", "trainer"):
            deployment.start(service)
        deployment.wait_until(lambda r: r.get("status") == "ok", 60, "the simulation's services")
        run = asyncio.run(
            _play(
                deployment,
                mock_port,
                token,
                world,
                tz,
                start,
                calendar_days,
                clock,
                settings.admin_token.get_secret_value(),
            )
        )
        time.sleep(2)  # the last windows' data, and the trainer's last daily update
        policies = _get(
            deployment,
            "/v1/studies/{study}/policies",
            study.id,
            settings.admin_token.get_secret_value(),
        )["policies"]
    finally:
        deployment.stop_all()
    sessions = make_sessionmaker(make_engine(sim_settings))
    replay_code = replay(
        sim_settings,
        sessions,
        load_studies(sim_settings.studies_dir)[study.id],
        "both",
        folder / "replay.json",
    )
    results = summarize_run(
        study,
        world,
        config,
        run,
        policies,
        sessions,
        session,
        calendar_days,
        time.monotonic() - began,
        json.loads((folder / "replay.json").read_text())["mismatches"],
    )
    path = save(results, folder)
    previous = _previous(compare)
    print_summary(console, results, previous)
    database = deployment.database_url.rsplit("/", 1)[-1]
    console.print(
        f"plots and results: {path.parent} (database {database}, namespace "
        f"{deployment.namespace}: kept for audit)"
    )
    return replay_code


async def _play(
    deployment: Deployment,
    mock_port: int,
    token: str,
    world: World,
    tz: ZoneInfo,
    start: datetime,
    days: int,
    clock: tuple[float, float, float],
    admin: str,
) -> LiveRun:
    async with (
        httpx.AsyncClient(
            base_url=deployment.url, timeout=30, headers={"Authorization": f"Bearer {admin}"}
        ) as gateway,
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{mock_port}",
            timeout=30,
            headers={"Authorization": f"Bearer {token}"},
        ) as backend,
    ):
        run = LiveRun(world, tz, start, gateway, backend)
        await play(run, days, clock)
        return run


def _get(deployment: Deployment, path: str, study_id: str, admin: str) -> dict[str, Any]:
    answer = httpx.get(
        deployment.url + path.format(study=study_id),
        timeout=30,
        headers={"Authorization": f"Bearer {admin}"},
    )
    answer.raise_for_status()
    body: dict[str, Any] = answer.json()
    return body


def summarize_run(
    study: Study,
    world: World,
    config: WorldConfig,
    run: LiveRun,
    policies: list[dict[str, Any]],
    sessions: sessionmaker[Session],
    session: str,
    days: int,
    seconds: float,
    replay_mismatches: int,
) -> dict[str, Any]:
    with sessions() as db:
        newest = policies_latest(db, study.id)
    params = decode_params(newest.params) if newest else study.policy.initial_params()
    estimated = estimated_effects(params)
    true = {str(s): world.true_effect(s) for s in STATES}
    flat = run_flat(study, config)
    by_day = daily([(d["day"], d["act_prob"]) for d in run.decisions], days, "mean")
    reward = daily([(d["day"], d["reward"]) for d in run.decisions], days, "sum")
    flat_reward = list(flat.cumulative_reward)[:days]
    flat_reward += [flat_reward[-1] if flat_reward else 0.0] * (days - len(flat_reward))
    return {
        "session": session,
        "study": study.id,
        "algorithm": str(study.algorithm["name"]),
        "participants": config.participants,
        "days": config.days,
        "seed": config.seed,
        "decisions": len(run.decisions),
        "fallbacks": sum(bool(d["fallback"]) for d in run.decisions),
        "policy_versions": len(policies),
        "mean_probability_by_day": by_day,
        "first_day_probability": by_day[0],
        "last_day_probability": by_day[-1],
        "cumulative_reward_by_day": reward,
        "cumulative_reward": reward[-1],
        "flat_cumulative_reward_by_day": flat_reward,
        "flat_cumulative_reward": flat_reward[-1],
        "true_effects": true,
        "estimated_effects": estimated,
        "effect_rmse": float(np.sqrt(np.mean([(true[k] - estimated[k]) ** 2 for k in true]))),
        "replay_mismatches": replay_mismatches,
        "seconds": round(seconds, 1),
    }


def _previous(session: str | None) -> dict[str, Any] | None:
    if session is None:
        return None
    path = STATE_DIR / "simulations" / session / "results.json"
    if not path.exists():
        raise ValueError(f"no stored simulation {session!r} in {path.parent.parent}")
    previous: dict[str, Any] = json.loads(path.read_text())
    return previous
