"""audit runs: the scheduled replay's outcomes, for the replay_audit health check

Revision ID: 0017
Revises: 0016

`rlservice replay --study S --record` stores one row per run: when it ran (the service clock),
how many decisions and policy versions it re-derived, its mismatches and the first one's ids
(a slot, or a policy version), the code version and its verdict.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_runs",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("policy_versions", sa.Integer(), nullable=False),
        sa.Column("mismatches", sa.Integer(), nullable=False),
        sa.Column("first_participant_id", sa.String(200)),
        sa.Column("first_decision_index", sa.Integer()),
        sa.Column("first_policy_version", sa.Integer()),
        sa.Column("code_version", sa.String(80), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_runs"),
    )
    op.create_index("ix_audit_runs_study_id", "audit_runs", ["study_id", "ran_at"])


def downgrade() -> None:
    op.drop_table("audit_runs")
