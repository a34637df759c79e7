"""A backup of one deployment: a folder holding PostgreSQL (pg_dump), the audit topics, where
each consumer group stood, the study files and, sealed with the operator's passphrase, the
secrets without which the record cannot be used (the seed secret first: replay re-derives every
seed from it). `manifest.json` lists every file with its SHA-256.

Consistency. The services write PostgreSQL first and publish afterwards (a decision is stored,
then put on the log; an observation likewise), and a consumer commits its offset only after its
writes. So the backup reads in that order's reverse: the groups' committed offsets, then each
audit topic up to its end offsets at that moment, then pg_dump, whose one transaction sees a
later instant. Then:
- every event copied is the effect of a row already in the dump: every decision on the copied
  log is in the database, and replay's log-vs-database comparison finds none missing there;
- the dump may hold rows stored after their topic was copied (or not yet published when it
  was): to the restored deployment they are what a crash between storing and publishing leaves,
  which its sweepers exist for. Restore marks exactly those unpublished, and the decision and
  ingest services publish them when they start (the same event ids), after which the log and
  the database hold the same decisions again;
- a group's messages after its committed offset are read again by the restored services, as
  after any crash; their consumers are idempotent.
Redis is not copied: it is a cache that the services rebuild from PostgreSQL.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy.engine import make_url

from rladapters.record import postgres
from rladapters.record.groups import GroupOffsets, as_positions, read_group_offsets
from rladapters.record.sealed import seal
from rladapters.record.topics import TopicRecord, dump_topic, write_jsonl
from rldomain.policy import code_version
from rldomain.study import load_studies
from rlkernel.secrets import secret
from rlkernel.settings import Settings
from rlkernel.topics import Topics

MANIFEST = "manifest.json"
DUMP = "postgres.dump"
SEALED = "secrets.sealed"
# What a deployment restored elsewhere must run with to go on as this one: the seed secret
# (seeds, hence replay), the signing keys its callers and receivers know, the admin's login.
SETTINGS_SECRETS = (
    "seed_secret",
    "jwt_secret",
    "callback_signing_secret",
    "admin_token",
    "admin_password",
)


class BackupInvalid(RuntimeError):
    """Not a backup, or one whose files are missing or changed; the message names the file."""


class BackupBusy(RuntimeError):
    """Another backup or restore is using the folder right now."""


class TopicCopy(BaseModel):
    file: str
    records: int
    # Per partition, the offset after the last record copied: the log was copied up to here.
    ends: dict[int, int]


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal[1] = 1
    created_at: datetime
    reason: str  # command | schedule | before_update
    namespace: str
    database: str
    code_version: str
    topics: dict[str, TopicCopy]  # by name within the namespace: "decisions.made"
    groups: GroupOffsets  # as positions in the copied topics (rladapters.record.groups)
    studies: list[str]
    secrets: list[str]  # the names sealed in secrets.sealed; empty: none were sealed
    checksums: dict[str, str]  # every other file of the backup: SHA-256


def audit_topics(namespace: str) -> dict[str, str]:
    """The audit topics, by name within the namespace, to their full names."""
    prefix = f"{namespace}."
    return {s.name.removeprefix(prefix): s.name for s in Topics(namespace).specs() if s.audit}


def secrets_of(settings: Settings) -> dict[str, str]:
    """The settings' secrets, and each study's backend credential, by environment name."""
    found = {n.upper(): getattr(settings, n).get_secret_value() for n in SETTINGS_SECRETS}
    for study in load_studies(settings.studies_dir).values():
        name = study.ema_endpoint.token_env if study.ema_endpoint else None
        value = secret(name)
        if name and value:
            found[name] = value
    return found


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """One backup (or its pruning) at a time per folder, across processes and replicas."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupBusy(f"another backup is being written into {folder}") from None
        yield


async def take_backup(
    settings: Settings, parent: Path, passphrase: str | None, reason: str, now: datetime
) -> Path:
    """Writes a new backup folder under `parent` and returns it. It appears whole or not at all:
    written under a hidden name, renamed when its manifest is in. The file work (hashing,
    sealing) runs in a thread: the trainer's event loop goes on consuming meanwhile."""
    name = f"{settings.rls_namespace}-{now:%Y%m%dT%H%M%S%fZ}"
    partial = parent / f".{name}.partial"
    (partial / "topics").mkdir(parents=True)
    try:
        topics = audit_topics(settings.rls_namespace)
        committed = await read_group_offsets(settings, list(topics))  # first: see above
        copies: dict[str, TopicCopy] = {}
        positions: GroupOffsets = {}
        # All topics at once: each copy's cost is mostly its consumer's start and stop.
        copied = await asyncio.gather(*(dump_topic(settings, t, None) for t in topics.values()))
        for short, records in zip(topics, copied, strict=True):
            copies[short] = await asyncio.to_thread(_write_topic, partial, short, records)
            for group, offsets in committed.items():
                if short in offsets:
                    positions.setdefault(group, {})[short] = as_positions(offsets[short], records)
        await postgres.dump(settings.database_url.get_secret_value(), partial / DUMP)
        manifest = Manifest(
            created_at=now,
            reason=reason,
            namespace=settings.rls_namespace,
            database=str(make_url(settings.database_url.get_secret_value()).database),
            code_version=code_version(),
            topics=copies,
            groups=positions,
            studies=[],
            secrets=[],
            checksums={},
        )
        return await asyncio.to_thread(finish, settings, partial, manifest, passphrase)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _write_topic(folder: Path, short: str, records: list[TopicRecord]) -> TopicCopy:
    file = f"topics/{short}.jsonl"
    with open(folder / file, "wb") as out:
        write_jsonl(records, out)
    ends = {r.partition: r.offset + 1 for r in records}  # the last of each partition wins
    return TopicCopy(file=file, records=len(records), ends=ends)


def finish(settings: Settings, partial: Path, manifest: Manifest, passphrase: str | None) -> Path:
    """The study files, the sealed secrets, the checksums and the manifest; then the rename."""
    (partial / "studies").mkdir()
    studies = sorted(p.name for p in settings.studies_dir.glob("*.yaml"))
    for n in studies:
        shutil.copyfile(settings.studies_dir / n, partial / "studies" / n)
    sealed = secrets_of(settings) if passphrase else {}
    if passphrase:
        (partial / SEALED).write_bytes(seal(json.dumps(sealed).encode(), passphrase))
    manifest = manifest.model_copy(
        update={"studies": studies, "secrets": sorted(sealed), "checksums": checksums(partial)}
    )
    (partial / MANIFEST).write_text(manifest.model_dump_json(indent=2))
    final = partial.parent / partial.name.removeprefix(".").removesuffix(".partial")
    partial.rename(final)
    return final


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): _sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path) -> Manifest:
    """The backup's manifest, once every file it lists is there unchanged, and nothing else."""
    try:
        manifest = Manifest.model_validate_json((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupInvalid(f"{folder} holds no readable {MANIFEST}: not a backup") from None
    found = checksums(folder)
    for file, digest in manifest.checksums.items():
        if file not in found:
            raise BackupInvalid(f"{file} is missing from the backup")
        if found[file] != digest:
            raise BackupInvalid(f"{file} has changed since the backup was taken")
    extra = sorted(found.keys() - manifest.checksums.keys())
    if extra:
        raise BackupInvalid(f"{extra[0]} is not part of the backup")
    return manifest


def backups(parent: Path, namespace: str) -> list[Path]:
    """The namespace's complete backups under `parent`, oldest first (the names sort by time)."""
    if not parent.is_dir():
        return []
    mine = parent.glob(f"{namespace}-*")
    return sorted(p for p in mine if p.is_dir() and (p / MANIFEST).is_file())


def prune(parent: Path, namespace: str, kept: int) -> list[Path]:
    """Deletes the namespace's backups beyond the newest `kept`, and the half-written folders
    of backups that died (call it holding the folder's lock, so none is being written)."""
    complete = backups(parent, namespace)
    doomed = complete[: max(len(complete) - kept, 0)]
    doomed += sorted(parent.glob(f".{namespace}-*.partial"))
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def read_passphrase(path: Path | None) -> str | None:
    """The passphrase in a file (its first line): a command line or an environment would show
    it to anyone who can list processes."""
    if path is None:
        return None
    lines = path.read_text().splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise ValueError(f"{path} holds no passphrase")
    return passphrase
