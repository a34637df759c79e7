"""`rlservice dashboard`: the study dashboard's address and a login to it, the last thing `make
up` prints.

The login is a client `dashboard`, analyst and operator of every configured study, made
idempotently: created the first time, given the roles of studies configured since on later
runs. Its password is generated once into DASHBOARD_PASSWORD_FILE (git-ignored, mode 0600) and
never printed. If that file is lost while the client remains, a new password is set directly in
the database (no route changes a password), audited.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import httpx
import typer
from argon2 import PasswordHasher
from rich.console import Console
from sqlalchemy import update

from rladapters.access import Audit
from rldomain.study import load_studies
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.db.models import Client
from rlkernel.settings import PROJECT_ROOT, Settings
from rlservice.admin_client import admin_token, login

console = Console()
USERNAME = "dashboard"
PASSWORD_FILE = PROJECT_ROOT / ".rlservice" / "dashboard-password"
ROLES = ("analyst", "operator")  # read everything, act (re-pull, re-drive, resolve)


def dashboard() -> None:
    """Make sure the dashboard login exists and print where to open the dashboard."""
    settings = Settings()
    base = f"http://{settings.gateway_host}:{settings.gateway_port}"  # as `rlservice up` says
    try:
        ensure_login(base, settings, PASSWORD_FILE)
    except httpx.HTTPError as exc:
        console.print(f"[red]the gateway at {base} did not answer as expected: {exc}")
        raise typer.Exit(1) from None
    line = f"Dashboard: {base}/ui  (user {USERNAME}, password in {PASSWORD_FILE})"
    console.print(line, soft_wrap=True, markup=False)  # one line, however narrow the terminal


def ensure_login(base: str, settings: Settings, password_file: Path) -> None:
    password = _read(password_file) or _write(password_file, secrets.token_urlsafe(18))
    admin = {"Authorization": f"Bearer {admin_token(base, settings)}"}
    studies = sorted(load_studies(settings.studies_dir))
    with httpx.Client(base_url=base, timeout=30, headers=admin) as http:
        clients = http.get("/v1/clients")
        clients.raise_for_status()
        wanted = [{"study_id": s, "role": r} for s in studies for r in ROLES]
        mine = next((c for c in clients.json()["clients"] if c["username"] == USERNAME), None)
        if mine is None:
            body = {"username": USERNAME, "password": password, "roles": wanted}
            http.post("/v1/clients", json=body).raise_for_status()
            return
        for grant in (g for g in wanted if g not in mine["roles"]):  # studies configured since
            path = f"/v1/clients/{USERNAME}/roles/{grant['study_id']}/{grant['role']}"
            http.put(path).raise_for_status()
        try:
            login(http, USERNAME, password)
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code != 401:
                raise
            _reset_password(settings, password)


def _reset_password(settings: Settings, password: str) -> None:
    sessions = make_sessionmaker(make_engine(settings))
    with sessions.begin() as session:
        session.execute(
            update(Client)
            .where(Client.username == USERNAME)
            .values(password_hash=PasswordHasher().hash(password))
        )
        Audit("cli:dashboard", "password_reset", target=USERNAME).add_to(session)
    console.print(f"the {USERNAME} login had another password: set it to the one in the file")


def _read(path: Path) -> str | None:
    return path.read_text().strip() or None if path.is_file() else None


def _write(path: Path, password: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        os.fchmod(out.fileno(), 0o600)  # an older file of another mode is made private too
        out.write(password + "\n")
    return password


def register(app: typer.Typer) -> None:
    app.command("dashboard")(dashboard)
