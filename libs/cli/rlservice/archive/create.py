"""`rlservice archive`: one study's record, taken out of the deployment into one file that an
auditor can replay once the deployment is gone (rlservice.archive.replaying).

It holds the study's events from every audit topic, its tables, its study file, the code
version, and its seed key sealed with the operator's passphrase: the study's key, not the
deployment's secret, so the archive opens no other study's seeds.

Order: the topics first, up to their end offsets, then the tables in one REPEATABLE READ
snapshot. On a finished trial both hold the same decisions. On a running one a decision made
in between is in the tables only, and replay reports it as a log-vs-database difference: archive
a study once its last decision is made.
"""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from sqlalchemy.orm import Session, sessionmaker

from rladapters.record.sealed import seal
from rladapters.record.topics import dump_topic, write_jsonl
from rldomain.policy import code_version
from rldomain.seeds import study_key
from rldomain.study import Study, load_study
from rlkernel.settings import PROJECT_ROOT, Settings
from rlkernel.topics import Topics

from .container import SEED_KEY, STUDY_FILE, Member, gzipped, pack, table_member, topic_member
from .rows import TABLES, study_rows, table_name, write_rows


def create_archive(
    settings: Settings,
    sessions: sessionmaker[Session],
    study: Study,
    out: Path,
    passphrase: str | None,
    console: Console,
) -> tuple[dict[str, Any], str]:
    """Writes the archive; returns what its manifest says about it and the file's sha256."""
    topics = Topics(settings.rls_namespace)
    audit = [spec.name for spec in topics.specs() if spec.audit]
    members: list[Member] = []
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("archiving", total=len(audit) + len(TABLES))
        for topic in audit:
            short = topic.removeprefix(f"{settings.rls_namespace}.")
            progress.update(task, description=f"topic {short}")
            members.append(_topic(settings, topic, short, study.id))
            progress.advance(task)
        with sessions() as session:
            # One snapshot for every table: the rows agree with one another.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            for model in TABLES:
                progress.update(task, description=f"table {table_name(model)}")
                buffer = io.BytesIO()
                n = write_rows(model, study_rows(session, model, study.id), buffer)
                members.append(
                    Member(table_member(table_name(model)), gzipped(buffer.getvalue()), n)
                )
                progress.advance(task)
    members.append(Member(STUDY_FILE, _study_file(settings, study.id).read_bytes()))
    if passphrase is not None:
        key = study_key(settings.seed_secret.get_secret_value(), study.id)
        members.append(Member(SEED_KEY, seal(key, passphrase)))
    about = {
        "study_id": study.id,
        "created_at": datetime.now(UTC).isoformat(),
        "code_version": _code_version(),
        "namespace": settings.rls_namespace,
        "seed_key": "sealed" if passphrase is not None else "absent",
    }
    return about, pack(out, about, members)


def _topic(settings: Settings, topic: str, short: str, study_id: str) -> Member:
    records = asyncio.run(dump_topic(settings, topic, study_id))
    buffer = io.BytesIO()
    n = write_jsonl(records, buffer)
    return Member(topic_member(short), gzipped(buffer.getvalue()), n)


def _study_file(settings: Settings, study_id: str) -> Path:
    for path in sorted(settings.studies_dir.glob("*.yaml")):
        if load_study(path).id == study_id:
            return path
    raise LookupError(f"no study file for {study_id!r} in {settings.studies_dir}")


def _code_version() -> dict[str, str | None]:
    """The algorithms' hash (what policy versions are stamped with, and what replay compares),
    the package's version, and the git commit when run from a checkout."""
    return {"algorithms": code_version(), "package": version("rl-service"), "git": _git()}


def _git() -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        described = subprocess.run(  # noqa: S603 - git, with our own arguments
            [git, "-C", str(PROJECT_ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return described.stdout.strip() or None
