"""policy versions are immutable: the database refuses UPDATE and DELETE on them

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION policy_versions_immutable() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'policy versions are immutable: write a new version instead';
        END $$ LANGUAGE plpgsql
    """)
    op.execute("""
        CREATE TRIGGER policy_versions_immutable BEFORE UPDATE OR DELETE ON policy_versions
        FOR EACH ROW EXECUTE FUNCTION policy_versions_immutable()
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER policy_versions_immutable ON policy_versions")
    op.execute("DROP FUNCTION policy_versions_immutable()")
