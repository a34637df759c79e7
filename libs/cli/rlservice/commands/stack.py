"""Running the stack: migrate, topics, up, down, status."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console

from rlkernel.db.migrate import upgrade
from rlkernel.kafka import ensure_topics
from rlkernel.secrets import secret
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice import launcher
from rlservice.admin_client import admin_token
from rlservice.health_report import fetch_health, print_health, wait_healthy

console = Console()


def migrate() -> None:
    """Apply the database migrations (idempotent)."""
    upgrade(Settings())
    console.print("database migrated to head")


def topics() -> None:
    """Create the Kafka topics that are missing and correct the settings of those that exist
    (audit topics keep their events forever); fails if a topic has fewer replicas than wanted."""
    settings = Settings()
    report = asyncio.run(ensure_topics(settings, Topics(settings.rls_namespace).specs()))
    console.print(f"topics created: {', '.join(report.created) or 'none (all existed)'}")
    for topic, changes in report.corrected.items():
        console.print(f"corrected {topic}: {changes}")
    for short in report.short:
        console.print(f"[red]{short.advice(settings.kafka_bootstrap_servers)}")
    if report.short:
        raise typer.Exit(1)


def up(wait: float = typer.Option(90.0, help="Seconds to wait for every service to be ok")) -> None:
    """Migrate, create topics, start the four services (those not running), wait until healthy."""
    settings = Settings()
    migrate()
    topics()
    for name in launcher.SERVICE_NAMES:
        if launcher.start(name):
            console.print(f"started {name}")
    if settings.rls_env == "development" and launcher.start(
        "mockbackend", {"MOCK_BACKEND_TOKEN": secret("MIWAVES_BACKEND_TOKEN") or ""}
    ):
        console.print("started mockbackend (the MiWaves study's EMA endpoint, for development)")
    report = wait_healthy(settings, wait)
    print_health(report)
    if report.get("status") != "ok":
        raise typer.Exit(1)
    base = f"http://{settings.gateway_host}:{settings.gateway_port}"
    admin_token(base, settings)  # creates the first admin if there is none, then logs in
    console.print(
        f"\n[bold]rl-service is up.[/bold] API: {base}   docs: {base}/docs   logs: .rlservice/logs/"
        f"\nadmin: {settings.admin_username} (password: ADMIN_PASSWORD in .env)"
    )


def down() -> None:
    """Stop the four services (SIGTERM: each finishes its in-flight work first)."""
    for name in ("mockbackend", *reversed(launcher.SERVICE_NAMES)):
        if launcher.stop(name):
            console.print(f"stopped {name}")


def status() -> None:
    """Print /healthz as a table; exit 1 unless everything is ok."""
    report = fetch_health(Settings())
    print_health(report)
    if report.get("status") != "ok":
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate)
    app.command("topics")(topics)
    app.command("up")(up)
    app.command("down")(down)
    app.command("status")(status)
