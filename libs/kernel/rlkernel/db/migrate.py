"""Runs the Alembic migrations programmatically (`rlservice migrate`, start-up, test fixtures)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from rlkernel.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database_url"] = settings.database_url.get_secret_value()
    return cfg


def upgrade(settings: Settings) -> None:
    command.upgrade(alembic_config(settings), "head")
