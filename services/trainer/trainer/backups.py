"""The trainer's backups (rladapters.record.backup): every BACKUP_EVERY_HOURS, and before each
policy update if BACKUP_BEFORE_UPDATE, into BACKUP_DIR, keeping the newest BACKUP_KEPT.

A backup that fails is logged and counted, and the update goes on: an update only adds an
immutable version, so nothing a backup would have kept is lost by it. Replicas share the
folder's lock: while one writes, the others skip theirs. Backups go by the wall clock, not the
service clock: they are the deployment's, not the trial's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from prometheus_client import Counter

from rladapters.record.backup import (
    BackupBusy,
    Manifest,
    backups,
    folder_lock,
    prune,
    read_passphrase,
    take_backup,
)
from rlkernel.events import utcnow
from rlkernel.logs import get_logger
from rlkernel.redaction import describe
from rlkernel.settings import Settings

BACKUPS = Counter("rls_trainer_backups", "Backups the trainer took, by outcome", ["outcome"])
log = get_logger(__name__)


def due(newest: datetime | None, now: datetime, every_hours: float) -> bool:
    """A scheduled backup is due when there is none yet, or the newest is that old."""
    if every_hours <= 0:
        return False
    return newest is None or now - newest >= timedelta(hours=every_hours)


def newest_backup(parent: Path, namespace: str) -> datetime | None:
    found = backups(parent, namespace)
    if not found:
        return None
    return Manifest.model_validate_json((found[-1] / "manifest.json").read_text()).created_at


@dataclass(frozen=True)
class Backups:
    settings: Settings

    async def before_update(self) -> None:
        if self.settings.backup_before_update:
            await self._take("before_update")

    async def if_due(self) -> None:
        parent, s = self.settings.backup_dir, self.settings
        if parent is not None and due(
            newest_backup(parent, s.rls_namespace), utcnow(), s.backup_every_hours
        ):
            await self._take("schedule")

    async def _take(self, reason: str) -> None:
        parent, s = self.settings.backup_dir, self.settings
        if parent is None:
            return
        try:
            passphrase = read_passphrase(s.backup_passphrase_file)
            with folder_lock(parent):
                folder = await take_backup(s, parent, passphrase, reason, utcnow())
                pruned = prune(parent, s.rls_namespace, s.backup_kept)
        except BackupBusy:
            BACKUPS.labels("skipped").inc()
            log.info("backup_skipped", reason=reason, why="another is being written")
            return
        except Exception as exc:  # the record is untouched; the next one may succeed
            BACKUPS.labels("failed").inc()
            log.warning("backup_failed", reason=reason, error=describe(exc))
            return
        BACKUPS.labels("taken").inc()
        log.info("backup_taken", reason=reason, folder=folder.name, pruned=len(pruned))
