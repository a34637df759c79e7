"""PostgreSQL copied out with pg_dump and back with pg_restore (Debian's client programs).

The connection comes from DATABASE_URL, taken apart into flags; its password goes to the child
alone, in PGPASSWORD, never on a command line (which `ps` shows) or in a message. A failure
says which program failed and the first line of what it wrote, which names objects, never rows.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from sqlalchemy.engine import make_url

PG_DUMP = "/usr/bin/pg_dump"
PG_RESTORE = "/usr/bin/pg_restore"


class PostgresCopyFailed(RuntimeError):
    """pg_dump or pg_restore exited with an error."""


def _connection(database_url: str) -> tuple[list[str], dict[str, str]]:
    url = make_url(database_url)
    flags = [f"--dbname={url.database}", f"--username={url.username}"]
    flags += [f"--host={url.host}"] if url.host else []
    flags += [f"--port={url.port}"] if url.port else []
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    sslmode = url.query.get("sslmode")
    if isinstance(sslmode, str):
        env["PGSSLMODE"] = sslmode
    return flags, env


async def _run(program: str, args: list[str], env: dict[str, str]) -> None:
    child = await asyncio.create_subprocess_exec(
        program,
        *args,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await child.communicate()
    if child.returncode != 0:
        first = err.decode(errors="replace").strip().splitlines()[:1]
        raise PostgresCopyFailed(
            f"{Path(program).name} exited {child.returncode}: {first[0] if first else ''}"
        )


async def dump(database_url: str, out: Path) -> None:
    """The whole database in pg_dump's custom format. pg_dump reads everything in one
    transaction of its own (REPEATABLE READ), so the file is one consistent snapshot."""
    flags, env = _connection(database_url)
    await _run(PG_DUMP, [*flags, "--format=custom", "--no-owner", f"--file={out}"], env)


async def restore(database_url: str, dump_file: Path) -> None:
    """Into a database holding none of our data (restore checks that first): objects of the
    same name (a migrated, empty schema) are dropped and recreated from the dump, all in one
    transaction, so a failure leaves the database as it was."""
    flags, env = _connection(database_url)
    args = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
    args += ["--single-transaction", "--exit-on-error", str(dump_file)]
    await _run(PG_RESTORE, [*flags, *args], env)
