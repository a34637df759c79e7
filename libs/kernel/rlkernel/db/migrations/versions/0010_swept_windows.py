"""swept windows: who closed a window, its backend or the sweep of expired windows

Revision ID: 0010
Revises: 0009

windows.closed_by is "backend" (its close call, or an operator's re-pull of a failed window) or
"sweep" (ingest found it decided, ended more than the study's grace ago, and never closed, and
closed it itself). Every window recorded before this migration was closed by its backend.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "windows",
        sa.Column("closed_by", sa.String(20), server_default="backend", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("windows", "closed_by")
