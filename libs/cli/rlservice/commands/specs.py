"""Machine-readable descriptions of the interfaces: `rlservice asyncapi`."""

from __future__ import annotations

import json

import typer

from rlkernel.asyncapi import document
from rlkernel.settings import Settings
from rlkernel.topics import Topics


def asyncapi() -> None:
    """Print the event catalog as an AsyncAPI 3.0 document (docs/asyncapi.json is this output;
    the gateway serves the same at /asyncapi.json)."""
    typer.echo(json.dumps(document(Topics(Settings().rls_namespace)), indent=2))


def register(app: typer.Typer) -> None:
    app.command("asyncapi")(asyncapi)
