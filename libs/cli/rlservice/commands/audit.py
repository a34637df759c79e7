"""Auditing a study: `replay` re-derives everything it decided and learned, from the running
deployment or from an `archive` of the study that outlives it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.settings import Settings
from rlservice import launcher
from rlservice.studies import study_named

console = Console(stderr=True)
PassphraseFile = Annotated[
    Path | None,
    typer.Option(help="File holding the passphrase that seals (opens) the study's seed key"),
]


def replay_command(
    study: Annotated[str | None, typer.Option(help="Study id (not with --archive)")] = None,
    source: Annotated[str, typer.Option(help="log, db, or both (also compares the two)")] = "both",
    report: Annotated[Path | None, typer.Option(help="Report file (JSON)")] = None,
    archive: Annotated[
        Path | None,
        typer.Option(help="Replay this archive (rlservice archive); nothing else is contacted"),
    ] = None,
    passphrase_file: PassphraseFile = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Store the outcome for the replay_audit health check (a scheduled audit)",
        ),
    ] = False,
) -> None:
    """Re-derive every decision and policy version of a study; exit 1 on any mismatch, 2 when
    an archive is refused."""
    if archive is not None:
        if record:
            raise typer.BadParameter("--record audits the live deployment, not an archive")
        raise typer.Exit(_replay_archive(archive, passphrase_file, report))
    from rlservice.replay.run import replay

    if study is None:
        raise typer.BadParameter("give --study (or --archive)")
    if source not in ("log", "db", "both"):
        raise typer.BadParameter("source must be log, db or both")
    if record and source != "both":
        # The health check reports the whole audit: the log and the database, and their match.
        raise typer.BadParameter("--record reads both sources")
    settings = Settings()
    chosen = study_named(settings, study)
    path = report or launcher.STATE_DIR / "reports" / f"replay-{study}.json"
    sessions = make_sessionmaker(make_engine(settings))
    code = replay(settings, sessions, chosen, source, path, record)
    raise typer.Exit(code)


def _replay_archive(archive: Path, passphrase_file: Path | None, report: Path | None) -> int:
    # Imported here: `rlservice --help` stays quick, and nothing of the live replay is loaded.
    from rladapters.record.sealed import SealError, passphrase_from
    from rlservice.archive.container import ArchiveRefused, file_sha256
    from rlservice.archive.replaying import replay_archive

    path = report or launcher.STATE_DIR / "reports" / f"replay-archive-{archive.stem}.json"
    try:
        passphrase = passphrase_from(passphrase_file) if passphrase_file else None
        console.print(f"{archive}: sha256 {file_sha256(archive)}")
        return replay_archive(archive, passphrase, path, console)
    except (ArchiveRefused, SealError, OSError) as e:
        console.print(f"[red]refused: {e}[/red]")
        return 2


def archive_command(
    study: Annotated[str, typer.Option(help="Study id")],
    out: Annotated[Path, typer.Option(help="The archive file to write")],
    passphrase_file: PassphraseFile = None,
) -> None:
    """Write one file holding the study's record (its audit topics' events, its tables, its
    study file, the code version, checksums, and its seed key sealed with the passphrase):
    `rlservice replay --archive` re-derives the study from it with nothing running."""
    from rladapters.record.sealed import SealError, passphrase_from
    from rlservice.archive.create import create_archive

    try:
        passphrase = passphrase_from(passphrase_file) if passphrase_file else None
    except SealError as e:
        raise typer.BadParameter(str(e)) from None
    settings = Settings()
    chosen = study_named(settings, study)
    sessions = make_sessionmaker(make_engine(settings))
    about, sha256 = create_archive(settings, sessions, chosen, out, passphrase, console)
    if passphrase is None:
        console.print(
            "[yellow]no --passphrase-file: the archive holds no seed key, and its replay will "
            "check everything but the seeds[/yellow]"
        )
    console.print(f"{out}: study {study}, written {about['created_at']}")
    console.print(f"sha256 {sha256} (keep it apart from the file: it proves the file unchanged)")


def register(app: typer.Typer) -> None:
    app.command("replay")(replay_command)
    app.command("archive")(archive_command)
