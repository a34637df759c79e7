"""Reading a test stack's database directly: what the services stored, checked by SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text

from tests.support.stack import Stack


def rows(stack: Stack, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def written(stack: Stack, sql: str, **params: Any) -> list[Any]:
    """Runs `sql` in a committed transaction (a fault a test injects); its RETURNING rows."""
    engine = create_engine(stack.database_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()
