"""policy controls: freeze learning, pin the served version, exclude data from updates

Revision ID: 0007
Revises: 0006

policy_controls: one row per change, each carrying the state it leaves; the newest row of a
study is its state. update_exclusions: what updates leave out from their creation on. Both are
history: the database refuses to change or remove a row, as for the audit log.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
HISTORY = ("policy_controls", "update_exclusions")


def upgrade() -> None:
    op.create_table(
        "policy_controls",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("change", sa.String(20), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("pinned_version", sa.Integer()),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )
    op.create_index("ix_policy_controls_study_id", "policy_controls", ["study_id"])
    op.create_table(
        "update_exclusions",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("participant_id", sa.String(200)),
        sa.Column("from_index", sa.Integer()),
        sa.Column("to_index", sa.Integer()),
        sa.Column("from_time", sa.DateTime(timezone=True)),
        sa.Column("to_time", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )
    op.create_index("ix_update_exclusions_study_id", "update_exclusions", ["study_id"])
    op.execute("""
        CREATE FUNCTION history_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: a change is a new row', TG_TABLE_NAME;
        END $$ LANGUAGE plpgsql
    """)
    for table in HISTORY:
        op.execute(f"""
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION history_append_only()
        """)


def downgrade() -> None:
    for table in HISTORY:
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.execute("DROP FUNCTION history_append_only()")
    op.drop_index("ix_update_exclusions_study_id", "update_exclusions")
    op.drop_table("update_exclusions")
    op.drop_index("ix_policy_controls_study_id", "policy_controls")
    op.drop_table("policy_controls")
