"""`rlservice`: bring the stack up, check it, and audit, analyse and simulate studies on it.

The commands live in rlservice.commands, one module per topic; this module only assembles them
into the app that the `rlservice` script (pyproject.toml) and `python -m rlservice` run.
"""

from __future__ import annotations

import typer

from rlservice.commands import (
    analysis,
    audit,
    backup,
    dashboard,
    dead_letters,
    digest,
    participants,
    simulate,
    specs,
    stack,
    study,
)

app = typer.Typer(
    help="rl-service: decisions, data and policy updates for adaptive studies.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

# `rlservice --help` lists the commands in registration order: running the stack (its dead
# letters, its participants) first, then the tools over what it recorded.
for topic in (
    stack,
    dashboard,
    study,
    dead_letters,
    participants,
    backup,
    audit,
    analysis,
    digest,
    simulate,
    specs,
):
    topic.register(app)
