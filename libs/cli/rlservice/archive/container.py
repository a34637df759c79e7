"""The archive file: an uncompressed tar whose first member, manifest.json, describes it (its
format, the study, the code that wrote it, when) and lists every other member with its sha256,
size and row count. Members are gzip-compressed one by one, so each checksum covers the bytes
as stored and a changed byte is found, and named, before anything is decompressed or parsed.

The checksums find damage and change, not a forger who rewrites the manifest too: for that, keep
the whole file's sha256 (printed when it is written) somewhere else.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "rl-service-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
STUDY_FILE = "study.yaml"
SEED_KEY = "secrets/seed_key.sealed"


def topic_member(topic: str) -> str:
    """`decisions.made` -> its member: topics are named without the deployment's namespace."""
    return f"topics/{topic}.jsonl.gz"


def table_member(table: str) -> str:
    return f"tables/{table}.jsonl.gz"


class ArchiveRefused(Exception):
    """The file is not an archive this code reads, or not as its manifest describes it."""


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # as stored (gzip-compressed for .gz members)
    rows: int | None = None  # records or table rows; None: not a row file

    def describe(self) -> dict[str, Any]:
        return {
            "sha256": hashlib.sha256(self.data).hexdigest(),
            "bytes": len(self.data),
            "rows": self.rows,
        }


def gzipped(data: bytes) -> bytes:
    # mtime=0: the same content makes the same bytes, and the same checksum.
    return gzip.compress(data, compresslevel=6, mtime=0)


def pack(path: Path, about: dict[str, Any], members: list[Member]) -> str:
    """Writes the archive (readable by its owner only: it holds participants' data) and returns
    the whole file's sha256. `about` goes into the manifest (study, code version, ...)."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **about,
        "members": {m.name: m.describe() for m in members},
    }
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in [(MANIFEST, _json(manifest)), *[(m.name, m.data) for m in members]]:
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
    partial.replace(path)  # a reader never sees half an archive
    return file_sha256(path)


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, sort_keys=True).encode() + b"\n"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Unpacked:
    manifest: dict[str, Any]
    members: dict[str, bytes]  # every member but the manifest, checked

    def rows(self, name: str) -> int | None:
        return self.manifest["members"][name]["rows"]  # type: ignore[no-any-return]

    def open(self, name: str) -> io.BufferedIOBase:
        """A member's content, decompressed if it is a .gz."""
        data = io.BytesIO(self.members[name])
        return gzip.GzipFile(fileobj=data) if name.endswith(".gz") else data


def unpack(path: Path) -> Unpacked:
    """Reads the archive and checks it against its manifest: every member listed is there with
    its checksum and size, nothing else is. Refuses, naming the member, otherwise."""
    try:
        with tarfile.open(path, mode="r:") as tar:
            found: dict[str, bytes] = {}
            for info in tar:
                if not info.isfile() or info.name in found:
                    raise ArchiveRefused(f"{info.name}: not a plain member, or a repeated one")
                f = tar.extractfile(info)
                found[info.name] = f.read() if f is not None else b""
    except (OSError, tarfile.TarError) as e:
        raise ArchiveRefused(f"{path}: not a readable archive ({type(e).__name__})") from None
    manifest = _manifest(found.pop(MANIFEST, None))
    listed: dict[str, dict[str, Any]] = manifest["members"]
    extra = sorted(found.keys() - listed.keys())
    if extra:
        raise ArchiveRefused(f"{extra[0]}: a member the manifest does not list")
    for name, expected in sorted(listed.items()):
        if name not in found:
            raise ArchiveRefused(f"{name}: listed in the manifest, missing from the archive")
        actual = Member(name, found[name], expected.get("rows")).describe()
        if actual["sha256"] != expected.get("sha256") or actual["bytes"] != expected.get("bytes"):
            raise ArchiveRefused(
                f"{name}: its checksum differs from the manifest's: "
                "the archive was changed or damaged since it was written"
            )
    return Unpacked(manifest, found)


def _manifest(data: bytes | None) -> dict[str, Any]:
    if data is None:
        raise ArchiveRefused(f"no {MANIFEST}: not an rl-service archive")
    try:
        manifest = json.loads(data)
    except ValueError:
        raise ArchiveRefused(f"{MANIFEST}: not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused(f"{MANIFEST}: not an rl-service archive's")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveRefused(
            f"format version {manifest.get('format_version')!r}: this rlservice reads "
            f"{FORMAT_VERSION} only"
        )
    if not isinstance(manifest.get("members"), dict):
        raise ArchiveRefused(f"{MANIFEST}: no member list")
    return manifest
