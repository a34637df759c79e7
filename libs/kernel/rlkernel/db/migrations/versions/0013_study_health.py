"""study health: check results, incidents, refused second randomizations

Revision ID: 0013
Revises: 0012

check_results keeps each health check's changes of status plus its latest result; incidents
open while a check is yellow or red (one open per check: a partial unique index); slot_conflicts
records a second randomization of a decided slot that the record refused and whose action
disagreed with the stored decision (rladapters.decision_record).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AWARE = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "check_results",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("check", sa.String(60), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float()),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("since", AWARE, nullable=False),
        sa.Column("evaluated_at", AWARE, nullable=False),
        sa.CheckConstraint("status IN ('green', 'yellow', 'red')", name="ck_check_results_status"),
        sa.PrimaryKeyConstraint("id", name="pk_check_results"),
    )
    op.create_index("ix_check_results_study_id", "check_results", ["study_id", "check", "id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("check", sa.String(60), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("opened_at", AWARE, nullable=False),
        sa.Column("closed_at", AWARE),
        sa.Column("resolved_at", AWARE),
        sa.Column("resolved_by", sa.String(200)),
        sa.Column("note", sa.Text()),
        sa.CheckConstraint("severity IN ('yellow', 'red')", name="ck_incidents_severity"),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index(
        "uq_incidents_open",
        "incidents",
        ["study_id", "check"],
        unique=True,
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    op.create_index("ix_incidents_study_id", "incidents", ["study_id", "id"])
    op.create_table(
        "slot_conflicts",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("participant_id", sa.String(200), nullable=False),
        sa.Column("decision_index", sa.Integer(), nullable=False),
        sa.Column("drafted_by", sa.String(100), nullable=False),
        sa.Column("drafted_action", sa.SmallInteger(), nullable=False),
        sa.Column("stored_rid", sa.BigInteger(), nullable=False),
        sa.Column("seen_at", AWARE, server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint(
            "study_id", "participant_id", "decision_index", "drafted_by", name="uq_slot_conflicts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_slot_conflicts"),
    )


def downgrade() -> None:
    op.drop_table("slot_conflicts")
    op.drop_table("incidents")
    op.drop_table("check_results")
