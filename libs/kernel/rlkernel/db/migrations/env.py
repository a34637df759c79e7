"""Alembic environment: the URL comes from Settings (or the caller), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from rlkernel.db.models import Base
from rlkernel.settings import Settings

url = context.config.attributes.get("database_url") or (Settings().database_url.get_secret_value())
engine = create_engine(url, poolclass=pool.NullPool, hide_parameters=True)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        # Two processes migrating at once (two services starting together) must not race.
        context.execute("SELECT pg_advisory_xact_lock(72071)")
        context.run_migrations()
