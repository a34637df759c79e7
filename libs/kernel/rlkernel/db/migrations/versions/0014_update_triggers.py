"""update triggers: each scheduled update's period, claimed once

Revision ID: 0014
Revises: 0013

update_triggers holds a row per (study, period key) that a scheduled update claimed, inserted
in the update's transaction (trainer.updating): the primary key lets one trainer replica win a
period, the others skip it (trainer.triggers).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "update_triggers",
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("study_id", "key", name="pk_update_triggers"),
    )


def downgrade() -> None:
    op.drop_table("update_triggers")
