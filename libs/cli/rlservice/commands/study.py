"""A study's phase: `rlservice study live S` marks a pilot live, for good; `rlservice study
reset S` deletes a pilot's data (rladapters.pilot says what), after the study's id is typed
again (or `--yes`).

Talks to PostgreSQL, Redis and Kafka directly, like `participants`: it works with the gateway
down, and does what the gateway's routes do, in the same order (store, caches, announce)."""

from __future__ import annotations

import asyncio
import getpass
from typing import Annotated

import typer
from rich.console import Console

from rladapters.pilot import Live, PilotStore, Reset, announced, forget_caches
from rladapters.policies import PolicyMirror
from rldomain.errors import DomainError
from rldomain.study import Study
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.kafka import make_broker
from rlkernel.publishing import Publisher
from rlkernel.redis_client import make_redis
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.studies import study_named

console = Console()
app = typer.Typer(help="A study's phase: pilot (resettable) or live.", no_args_is_help=True)

StudyId = Annotated[str, typer.Argument(help="Study id")]


@app.command("live")
def live(study: StudyId) -> None:
    """Mark a pilot study live: from now on its data can no longer be reset. Irreversible."""
    settings = Settings()
    done = _run(settings, study_named(settings, study), resetting=False)
    console.print(f"study {study} is live since {done.at.isoformat(timespec='seconds')}")


@app.command("reset")
def reset(
    study: StudyId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for the study's id")] = False,
) -> None:
    """Delete a pilot study's data: participants, decisions, windows, observations, policy
    versions (back to version 1), controls, exclusions, dead letters, update requests, caches.
    Refused once the study is live; the audit log keeps the reset."""
    settings = Settings()
    chosen = study_named(settings, study)
    if not yes:
        typed = typer.prompt(f"This deletes every participant and decision of {study}. Type its id")
        if typed != study:
            console.print("[red]not the study's id: nothing deleted[/red]")
            raise typer.Exit(1)
    done = _run(settings, chosen, resetting=True)
    assert isinstance(done, Reset)
    counts = ", ".join(f"{table} {n}" for table, n in done.deleted.items() if n)
    console.print(f"study {study} reset at {done.at.isoformat(timespec='seconds')}: {counts}")


def _run(settings: Settings, study: Study, *, resetting: bool) -> Reset | Live:
    try:
        return asyncio.run(_change(settings, study, resetting))
    except DomainError as refused:
        console.print(f"[red]{refused.message}[/red] ({refused.code})")
        raise typer.Exit(1) from None


async def _change(settings: Settings, study: Study, resetting: bool) -> Reset | Live:
    sessions = make_sessionmaker(make_engine(settings))
    store, clock, actor = PilotStore(sessions), settings.clock(), f"cli:{getpass.getuser()}"
    redis = make_redis(settings, max_connections=2)
    broker = make_broker(settings, "cli")
    await broker.start()
    try:
        done: Reset | Live
        if resetting:
            done = await store.reset(study, actor, clock.now)
            await PolicyMirror(redis, settings.rls_namespace).refresh(sessions, study, clock.now())
            await forget_caches(redis, settings.rls_namespace, study.id)
        else:
            done = await store.mark_live(study.id, actor, clock.now())
        await Publisher(broker, Topics(settings.rls_namespace)).publish(announced(done))
        return done
    finally:
        await broker.stop()
        await redis.aclose()


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="study")
