"""the record decides: rids from a sequence, decisions stored before they are answered, the log
confirmed per decision and per observation, and revoked tokens kept in PostgreSQL

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rids came from a Redis counter until now; decisions made just before the upgrade may still be
# on their way to this table, so the sequence starts well past every rid stored.
RID_MARGIN = 100_000


def upgrade() -> None:
    op.execute("CREATE SEQUENCE decision_rids")
    op.execute(
        sa.text(
            "SELECT setval('decision_rids', "
            "COALESCE((SELECT max(rid) FROM decisions), 0) + :m, false)"
        ).bindparams(m=RID_MARGIN)
    )
    op.execute("ALTER TABLE decisions ALTER COLUMN rid SET DEFAULT nextval('decision_rids')")
    op.add_column("decisions", sa.Column("logged_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE decisions SET logged_at = recorded_at")  # they came from the log
    op.create_index(
        "ix_decisions_unlogged",
        "decisions",
        ["recorded_at"],
        postgresql_where=sa.text("logged_at IS NULL"),
    )
    op.add_column("observations", sa.Column("published_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE observations SET published_at = ingested_at")
    op.create_index(
        "ix_observations_unpublished",
        "observations",
        ["ingested_at"],
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "revoked_tokens",
        sa.Column("token_id", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "revoked_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )


def downgrade() -> None:
    op.drop_table("revoked_tokens")
    op.drop_index("ix_observations_unpublished", "observations")
    op.drop_column("observations", "published_at")
    op.drop_index("ix_decisions_unlogged", "decisions")
    op.drop_column("decisions", "logged_at")
    op.execute("ALTER TABLE decisions ALTER COLUMN rid DROP DEFAULT")
    op.execute("DROP SEQUENCE decision_rids")
