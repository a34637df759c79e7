"""studies are tenants: roles per study, disabled clients, an append-only audit log

Revision ID: 0006
Revises: 0005

A client's global role becomes a deployment-wide `is_admin` flag plus roles per study
(client_roles). Existing admins stay admins; existing "client" and "analyst" accounts keep
their passwords but hold no study role until an admin grants one: the migration cannot know
which studies they served, and guessing would grant too much.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "clients", sa.Column("is_admin", sa.Boolean(), nullable=False, server_default="false")
    )
    op.add_column("clients", sa.Column("disabled_at", sa.DateTime(timezone=True)))
    # Tokens issued before this instant are refused: set when the client is disabled.
    op.add_column("clients", sa.Column("tokens_valid_after", sa.DateTime(timezone=True)))
    op.execute("UPDATE clients SET is_admin = (role = 'admin')")
    op.drop_column("clients", "role")

    op.create_table(
        "client_roles",
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", name="fk_client_roles_client_id_clients"),
            primary_key=True,
        ),
        sa.Column("study_id", sa.String(100), primary_key=True),
        sa.Column("role", sa.String(20), primary_key=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.CheckConstraint(
            "role IN ('backend', 'analyst', 'operator')", name="ck_client_roles_role"
        ),
    )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("study_id", sa.String(100)),
        sa.Column("target", sa.String(300)),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_log_study_id", "audit_log", ["study_id", "id"])
    # Never editable: the database itself refuses to change or remove an entry.
    op.execute("""
        CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END $$ LANGUAGE plpgsql
    """)
    op.execute("""
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
    """)
    op.execute("""
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
    """)

    # A dead letter belongs to the study its message names (NULL: it names none, or is not
    # JSON): a study's operators see its letters.
    op.add_column("dead_letters", sa.Column("study_id", sa.String(100)))
    op.execute("""
        UPDATE dead_letters SET study_id = payload->>'study_id'
        WHERE json_typeof(payload) = 'object' AND json_typeof(payload->'study_id') = 'string'
    """)
    op.create_index("ix_dead_letters_study_id", "dead_letters", ["study_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_dead_letters_study_id", "dead_letters")
    op.drop_column("dead_letters", "study_id")
    op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_table("audit_log")
    op.drop_table("client_roles")
    op.add_column(
        "clients", sa.Column("role", sa.String(20), nullable=False, server_default="client")
    )
    op.execute("UPDATE clients SET role = 'admin' WHERE is_admin")
    op.drop_column("clients", "tokens_valid_after")
    op.drop_column("clients", "disabled_at")
    op.drop_column("clients", "is_admin")
