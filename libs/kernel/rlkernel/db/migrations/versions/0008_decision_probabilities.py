"""several actions: a decision's probability of every action

Revision ID: 0008
Revises: 0007

decisions.probabilities holds the full vector for studies of three or more actions, NULL for a
binary study's (whose `probability` column says it all). The action column, a smallint,
already holds any action number.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("probabilities", postgresql.ARRAY(sa.Float())))


def downgrade() -> None:
    op.drop_column("decisions", "probabilities")
