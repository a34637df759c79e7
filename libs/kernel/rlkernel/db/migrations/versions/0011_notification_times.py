"""notification times, versioned: each change of a participant's notification times

Revision ID: 0011
Revises: 0010

participants.times_changes lists, oldest first, every change of the participant's notification
times after registration: {"at": ISO instant (when rl-service learnt them), "times": per
weekday, Monday first, the day's HHMM times, "source": "api" or "miwaves_ema", "actor"}. The
registration's times stay in the baseline. Appended under the row lock, with an audit entry;
an entry is never edited. Participants registered before this migration have changed nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "participants",
        sa.Column("times_changes", sa.JSON(), server_default="[]", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("participants", "times_changes")
