"""refused versions: fitted posteriors the sanity gate kept from being published

Revision ID: 0015
Revises: 0014

One row per refusal (rldomain.monitoring.posterior) with the provenance a version would have had
(parent, the observations it was fit on and the trigger, code version) and the gate's cause; the
posterior_sanity health check counts them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "refused_versions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("parent_version", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(40), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("fit_on", sa.JSON(), nullable=False),
        sa.Column("code_version", sa.String(80), nullable=False),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_refused_versions"),
    )
    op.create_index("ix_refused_versions_study_id", "refused_versions", ["study_id", "refused_at"])


def downgrade() -> None:
    op.drop_table("refused_versions")
