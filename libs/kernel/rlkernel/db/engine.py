"""Engine and session factory. Sessions are short; callers own their transactions."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.settings import Settings


def make_engine(settings: Settings) -> Engine:
    # pre_ping: after PostgreSQL restarts, stale pooled connections are replaced, not raised.
    # hide_parameters: a statement's error then names its SQL but not its values (answers,
    # contexts), wherever that error is printed.
    return create_engine(
        settings.database_url.get_secret_value(),
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args={"connect_timeout": 3},
    )


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
