"""Backing a deployment up and restoring it elsewhere (rladapters.record.backup and .restore):
`backup` writes a folder, `restore` puts one back into an empty deployment. Both print names
and counts; the secrets' values appear nowhere but in the files meant for them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rladapters.record.backup import BackupBusy, BackupInvalid, folder_lock, read_passphrase
from rladapters.record.backup import take_backup as take
from rladapters.record.postgres import PostgresCopyFailed
from rladapters.record.restore import RestoreRefused, restore
from rladapters.record.sealed import SealError
from rlkernel.events import utcnow
from rlkernel.settings import PROJECT_ROOT, Settings

console = Console(stderr=True, soft_wrap=True)  # a message stays one line, for grep
PassphraseFile = Annotated[
    Path | None,
    typer.Option(
        exists=True,
        dir_okay=False,
        help="A file whose first line is the passphrase the secrets are sealed with",
    ),
]


def backup_command(
    out: Annotated[
        Path, typer.Option(help="The folder the backup is written into (a new subfolder)")
    ],
    passphrase_file: PassphraseFile = None,
) -> None:
    """A consistent copy of the deployment: PostgreSQL, the audit topics, the study files and,
    with a passphrase, the secrets replay and the services need."""
    settings = Settings()
    try:
        passphrase = read_passphrase(passphrase_file)
        with folder_lock(out):
            folder = asyncio.run(take(settings, out, passphrase, "command", utcnow()))
    except (BackupBusy, PostgresCopyFailed, ValueError) as exc:
        console.print(f"[red]backup failed:[/] {exc}")
        raise typer.Exit(1) from None
    if passphrase is None:
        console.print(
            "[yellow]no passphrase: the secrets were left out; keep SEED_SECRET safely"
            " elsewhere, replay cannot re-derive a seed without it[/]"
        )
    console.print(f"backup written: {folder}")
    print(folder)


def restore_command(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="A backup folder")],
    passphrase_file: PassphraseFile = None,
    env_file: Annotated[
        Path, typer.Option(help="Where the restored deployment reads its secrets")
    ] = PROJECT_ROOT / ".env",
) -> None:
    """Restore a backup into an EMPTY deployment (a fresh database and namespace), with the
    services stopped; start them afterwards, then verify with `rlservice replay`."""
    settings = Settings()
    try:
        passphrase = read_passphrase(passphrase_file)
        done = asyncio.run(restore(settings, folder, passphrase, env_file))
    except (BackupInvalid, RestoreRefused, SealError, PostgresCopyFailed, ValueError) as exc:
        console.print(f"[red]restore refused:[/] {exc}")
        raise typer.Exit(1) from None
    m = done.manifest
    console.print(
        f"restored the backup of {m.namespace} taken {m.created_at:%Y-%m-%d %H:%M:%S} UTC into"
        f" {settings.rls_namespace}: {done.records} audit records, studies {', '.join(m.studies)}"
    )
    if done.secrets:
        console.print(f"secrets written into {done.env_file}: {', '.join(done.secrets)}")
    else:
        console.print("[yellow]the backup holds no secrets: set SEED_SECRET and the others[/]")
    if done.unpublished_decisions or done.unpublished_observations:
        console.print(
            f"{done.unpublished_decisions} decisions and {done.unpublished_observations}"
            " observations were stored after the log was copied: the decision and ingest"
            " services publish them when they start; replay after that"
        )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
