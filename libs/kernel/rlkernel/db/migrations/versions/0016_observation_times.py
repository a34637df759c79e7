"""observation times: ingested_at on the service clock, recorded_at on the database's

Revision ID: 0016
Revises: 0015

An observation's ingested_at is now the service clock's, like a decision's decided_at, so a
timeline on an accelerated clock (a simulation) is in order. The outbox sweeper measures how long
a stored observation has waited for its publication in real time, as decisions' recorded_at does:
the new recorded_at, the database's now(), copied from ingested_at for existing rows (written
before this on the database's clock).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "observations",
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
    )
    op.execute("UPDATE observations SET recorded_at = ingested_at")
    # The sweeper's index follows its column.
    op.drop_index("ix_observations_unpublished", "observations")
    _unpublished_index("recorded_at")


def downgrade() -> None:
    op.drop_index("ix_observations_unpublished", "observations")
    _unpublished_index("ingested_at")
    op.drop_column("observations", "recorded_at")


def _unpublished_index(column: str) -> None:
    op.create_index(
        "ix_observations_unpublished",
        "observations",
        [column],
        postgresql_where=sa.text("published_at IS NULL"),
    )
