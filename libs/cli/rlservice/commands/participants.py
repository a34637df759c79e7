"""Participants, for the study team: `rlservice participants list|end|history`.

Talks to PostgreSQL, Redis and Kafka directly, like `dead-letters`: it works with the gateway
down. `end` is the review step: it ends a COMPLETED_AWAITING_REVIEW participant with the
review's note, stored as the gateway stores it (status, audit entry and history row in one
transaction), then announced as ParticipantStatusChanged."""

from __future__ import annotations

import asyncio
import getpass
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rladapters.participant_history import (
    MAX_PAGE,
    ParticipantFilter,
    ParticipantSummary,
    StatusRecord,
    announced,
    participants_page,
    status_history,
)
from rladapters.participant_store import ParticipantStore
from rldomain.errors import DomainError
from rldomain.lifecycle import ENDED, MAX_NOTE, TRANSITIONS, checked_move
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.kafka import make_broker
from rlkernel.publishing import Publisher
from rlkernel.redis_client import make_redis
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.studies import study_named

console = Console()
app = typer.Typer(help="List, review and end a study's participants.", no_args_is_help=True)

Study = Annotated[str, typer.Option(help="Study id")]
Participant = Annotated[str, typer.Option(help="Participant id")]


@app.command("list")
def list_participants(
    study: Study,
    status: Annotated[
        list[str] | None, typer.Option(help=f"Only these (repeat): {', '.join(TRANSITIONS)}")
    ] = None,
    registered_from: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    registered_to: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE)] = 100,
    after: Annotated[str | None, typer.Option(help="The page after this participant id")] = None,
) -> None:
    """The study's participants by id: status, dates, decisions made. The review queue:
    --status COMPLETED_AWAITING_REVIEW."""
    unknown = sorted(set(status or ()) - set(TRANSITIONS))
    if unknown:
        raise typer.BadParameter(f"unknown status {unknown}; known: {', '.join(TRANSITIONS)}")
    settings = Settings()
    wanted = ParticipantFilter(
        tuple(status or ()),
        registered_from.date() if registered_from else None,
        registered_to.date() if registered_to else None,
        limit,
        after,
    )
    with make_sessionmaker(make_engine(settings))() as session:
        page = participants_page(session, study_named(settings, study).id, wanted)
    console.print(_table(page))
    if len(page) == limit:
        console.print(f"more: --after {page[-1].participant_id}")


def _table(page: list[ParticipantSummary]) -> Table:
    table = Table("participant", "status", "registered", "status since", "RL dates", "decisions")
    for p in page:
        table.add_row(
            p.participant_id,
            p.status,
            f"{p.registered_at:%Y-%m-%d %H:%M}",
            f"{p.status_changed_at:%Y-%m-%d %H:%M}" if p.status_changed_at else "",
            f"{p.rl_start_date or ''} .. {p.rl_end_date or ''}",
            f"{p.decisions}" + (f" (last {p.last_decision_at:%Y-%m-%d})" if p.decisions else ""),
        )
    return table


@app.command("history")
def history(study: Study, participant: Participant) -> None:
    """Every change of the participant's status: when, by whom, from what to what, and why."""
    settings = Settings()
    with make_sessionmaker(make_engine(settings))() as session:
        changes = status_history(session, study_named(settings, study).id, participant)
    if not changes:
        console.print(f"[red]no participant {participant} in study {study}[/red]")
        raise typer.Exit(1)
    table = Table("at", "by", "from", "to", "note")
    for c in changes:
        at = c.changed_at.isoformat(timespec="seconds")
        table.add_row(at, c.changed_by, c.from_status or "", c.to_status, c.note or "")
    console.print(table)


@app.command("end")
def end(
    study: Study,
    participant: Participant,
    note: Annotated[str, typer.Option(help=f"The review's outcome (up to {MAX_NOTE} characters)")],
) -> None:
    """End a participant awaiting review, with the review's note (audited, in the history)."""
    note = note.strip()
    if not note or len(note) > MAX_NOTE or "\x00" in note:
        raise typer.BadParameter(f"the note must be 1 to {MAX_NOTE} characters of text")
    settings = Settings()
    study_id = study_named(settings, study).id
    try:
        change = asyncio.run(_end(settings, study_id, participant, note))
    except DomainError as refused:
        console.print(f"[red]{refused.message}[/red] ({refused.code})")
        raise typer.Exit(1) from None
    if change is None:
        console.print(f"[red]no participant {participant} in study {study}[/red]")
        raise typer.Exit(1)
    console.print(f"participant {participant} ended (change {change.change_id})")


async def _end(
    settings: Settings, study_id: str, participant: str, note: str
) -> StatusRecord | None:
    redis = make_redis(settings, max_connections=2)
    broker = make_broker(settings, "cli")
    await broker.start()
    try:
        store = ParticipantStore(
            make_sessionmaker(make_engine(settings)),
            redis,
            settings.rls_namespace,
            settings.clock().now,
        )
        done = await store.change_status(
            study_id,
            participant,
            lambda current: checked_move(current, ENDED),
            f"cli:{getpass.getuser()}",
            note,
        )
        if done is None:
            return None
        _, change = done
        await Publisher(broker, Topics(settings.rls_namespace)).publish(announced(change))
        return change
    finally:
        await broker.stop()
        await redis.aclose()


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="participants")
