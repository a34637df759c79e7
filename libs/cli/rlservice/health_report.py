"""The stack's health as the gateway's /healthz reports it: fetched, waited for, printed."""

from __future__ import annotations

import time

import httpx
from rich.console import Console
from rich.table import Table

from rlkernel.settings import Settings

console = Console()


def fetch_health(settings: Settings) -> dict[str, object]:
    url = f"http://{settings.gateway_host}:{settings.gateway_port}/healthz"
    try:
        body: dict[str, object] = httpx.get(url, timeout=5).json()
    except httpx.HTTPError as exc:
        return {"status": "down", "error": f"gateway not answering at {url}: {exc}"}
    return body


def wait_healthy(settings: Settings, seconds: float) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    with console.status("waiting for every service to report ok"):
        while True:
            report = fetch_health(settings)
            if report.get("status") == "ok" or time.monotonic() > deadline:
                return report
            time.sleep(0.5)


def print_health(report: dict[str, object]) -> None:
    table = Table("part", "kind", "status")
    for kind in ("services", "dependencies"):
        entries = report.get(kind)
        if isinstance(entries, dict):
            for name, entry in entries.items():
                status = entry.get("status", "?")
                colour = "green" if status == "ok" else "red"
                table.add_row(name, kind[:-1].replace("ie", "y"), f"[{colour}]{status}[/{colour}]")
    console.print(table)
    if "error" in report:
        console.print(f"[red]{report['error']}[/red]")
