"""dead letters say where their message was (partition, offset) and whether it was re-driven

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Letters written before this have no position: they stay NULL.
    op.add_column("dead_letters", sa.Column("source_partition", sa.Integer()))
    op.add_column("dead_letters", sa.Column("source_offset", sa.BigInteger()))
    op.add_column("dead_letters", sa.Column("redriven_at", sa.DateTime(timezone=True)))
    op.add_column("dead_letters", sa.Column("redriven_by", sa.String(200)))


def downgrade() -> None:
    for column in ("redriven_by", "redriven_at", "source_offset", "source_partition"):
        op.drop_column("dead_letters", column)
