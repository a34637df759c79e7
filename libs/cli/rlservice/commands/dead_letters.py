"""Dead letters, for operators: `rlservice dead-letters list|show ID|redrive ID`.

Talks to PostgreSQL and Kafka directly, like the other commands: it works with the gateway
down. What goes there and when to re-drive: the README's "Dead letters"."""

from __future__ import annotations

import asyncio
import getpass
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rladapters.listings import MAX_DEAD_LETTERS, SqlListings
from rldomain.errors import DomainError
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.kafka import make_broker
from rlkernel.redrive import redrive
from rlkernel.settings import Settings

console = Console()
app = typer.Typer(help="List, inspect and re-drive dead letters.", no_args_is_help=True)


def _listings(settings: Settings) -> SqlListings:
    return SqlListings(make_sessionmaker(make_engine(settings)))


@app.command("list")
def list_letters(
    limit: Annotated[int, typer.Option(min=1, max=MAX_DEAD_LETTERS)] = 100,
    source_topic: Annotated[str | None, typer.Option(help="Only from this topic")] = None,
    service: Annotated[str | None, typer.Option(help="Only from this service")] = None,
) -> None:
    """The newest dead letters: where each message was and why it failed."""
    letters = asyncio.run(_listings(Settings()).dead_letters(limit, source_topic, service))
    table = Table("id", "created", "service", "topic", "partition", "offset", "reason", "re-driven")
    for d in letters:
        table.add_row(
            str(d.id),
            d.created_at.isoformat(timespec="seconds"),
            d.service,
            d.source_topic,
            str(d.source_partition),
            str(d.source_offset),
            d.reason,
            f"{d.redriven_at:%Y-%m-%d %H:%M} by {d.redriven_by}" if d.redriven_at else "",
        )
    console.print(table)


@app.command("show")
def show(letter_id: int) -> None:
    """One dead letter in full, with its message (health data: handle with care)."""
    found = asyncio.run(_listings(Settings()).dead_letter(letter_id))
    if found is None:
        console.print(f"[red]no dead letter {letter_id}[/red]")
        raise typer.Exit(1)
    fields = {c.key: getattr(found, c.key) for c in found.__table__.columns}
    console.print_json(json.dumps(fields, default=str))


@app.command("redrive")
def redrive_command(letter_id: int) -> None:
    """Publish the letter's message to its source topic again, once: after the cause is fixed."""
    settings = Settings()

    async def run() -> None:
        broker = make_broker(settings, "cli")
        await broker.start()
        try:
            sessions = make_sessionmaker(make_engine(settings))
            letter = await redrive(sessions, broker, letter_id, f"cli:{getpass.getuser()}")
        finally:
            await broker.stop()
        console.print(f"dead letter {letter.id} re-driven to {letter.source_topic}")

    try:
        asyncio.run(run())
    except DomainError as refused:
        console.print(f"[red]{refused.message}[/red] ({refused.code})")
        raise typer.Exit(1) from None


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="dead-letters")
