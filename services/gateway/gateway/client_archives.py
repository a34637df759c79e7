"""The generated API clients (clients/, `make clients`) as archives to download from /clients.

Only the clients named here are served, each from its directory under CLIENTS_DIR: a request
names one of them, never a path, and symbolic links are not followed. An archive is built on
its first request and kept for the life of the process; its entries have fixed owners, modes
and times, so the same files give the same bytes."""

from __future__ import annotations

import asyncio
import gzip
import io
import os
import tarfile
from pathlib import Path

from gateway.errors import ApiError

# Each client, by the generator that wrote it.
CLIENTS = {"python": "openapi-python-client", "typescript": "@hey-api/openapi-ts"}
# Installed packages, builds and caches that may sit beside a client: not part of it.
LEFT_OUT = frozenset({"node_modules", "dist", "__pycache__", ".pdm-build", ".ruff_cache"})
# What one archive may read; each client is about 1 MB of source.
MAX_BYTES = 16 * 1024 * 1024


class ClientArchives:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._built: dict[str, bytes] = {}
        self._building = asyncio.Lock()

    def available(self) -> list[str]:
        return [name for name in CLIENTS if (self.directory / name).is_dir()]

    async def archive(self, name: str) -> bytes:
        if name not in self.available():
            raise ApiError(404, "client_not_found", "no such client to download: see GET /clients")
        async with self._building:
            if name not in self._built:
                top = self.directory / name
                self._built[name] = await asyncio.to_thread(build, top, archive_root(name))
        return self._built[name]


def archive_root(name: str) -> str:
    """The one directory an archive holds (pip installs such an archive as it is)."""
    return f"rlservice-client-{name}"


def build(top: Path, root: str) -> bytes:
    """A gzipped tar of the files under `top`, sorted, under `root`/."""
    buffer, read = io.BytesIO(), 0
    with (
        gzip.GzipFile(filename="", fileobj=buffer, mode="wb", mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in files(top):
            data = path.read_bytes()
            read += len(data)
            if read > MAX_BYTES:
                raise RuntimeError(f"the client in {top} is larger than {MAX_BYTES} bytes")
            entry = tarfile.TarInfo(f"{root}/{path.relative_to(top).as_posix()}")
            entry.size, entry.mode, entry.mtime = len(data), 0o644, 0
            tar.addfile(entry, io.BytesIO(data))
    return buffer.getvalue()


def files(top: Path) -> list[Path]:
    """The regular files under `top`, in a fixed order, without LEFT_OUT or symbolic links."""
    found = []
    for here, folders, names in os.walk(top):  # does not descend into linked folders
        folders[:] = sorted(f for f in folders if f not in LEFT_OUT)
        for name in sorted(names):
            path = Path(here) / name
            if not path.is_symlink() and path.is_file():
                found.append(path)
    return found
