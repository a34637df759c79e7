"""pilot studies: a study's phase, and the one way the record's history tables may shrink

Revision ID: 0012
Revises: 0011

study_phases: `pilot` until an admin marks the study `live`, for good (a trigger refuses the way
back). A pilot's data can be reset: that deletes its policy versions, policy controls and
exclusions, which triggers otherwise keep forever. Now they let a DELETE through only inside a
reset of that very study (the transaction has set `rls.pilot_reset` to its id) and only while it
is not live; an UPDATE stays refused, and the audit log (which records every reset) is
untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALLOWS = """
    CREATE FUNCTION pilot_reset_allows(study text) RETURNS boolean AS $$
        SELECT study IS NOT NULL
           AND current_setting('rls.pilot_reset', true) = study
           AND NOT EXISTS (
               SELECT 1 FROM study_phases s WHERE s.study_id = study AND s.phase = 'live'
           )
    $$ LANGUAGE sql STABLE
"""
# to_jsonb(OLD): history_append_only() guards tables of any shape.
RESETTABLE = {
    "policy_versions_immutable": (
        "IF TG_OP = 'DELETE' AND pilot_reset_allows(OLD.study_id) THEN RETURN OLD; END IF;",
        "RAISE EXCEPTION 'policy versions are immutable: write a new version instead';",
    ),
    "history_append_only": (
        "IF TG_OP = 'DELETE' AND pilot_reset_allows(to_jsonb(OLD) ->> 'study_id') THEN "
        "RETURN OLD; END IF;",
        "RAISE EXCEPTION '% is append-only: a change is a new row', TG_TABLE_NAME;",
    ),
}


def guard(name: str, body: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            {body}
        END $$ LANGUAGE plpgsql
    """


def upgrade() -> None:
    op.create_table(
        "study_phases",
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("phase", sa.String(10), server_default="pilot", nullable=False),
        sa.Column("live_at", sa.DateTime(timezone=True)),
        sa.Column("live_by", sa.String(200)),
        sa.Column("last_reset_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("phase IN ('pilot', 'live')", name="ck_study_phases_phase"),
        sa.PrimaryKeyConstraint("study_id", name="pk_study_phases"),
    )
    op.execute(
        guard(
            "study_stays_live",
            "IF OLD.phase = 'live' AND (TG_OP = 'DELETE' OR NEW.phase <> 'live') THEN "
            "RAISE EXCEPTION 'study % is live, and stays live', OLD.study_id; END IF; "
            "RETURN COALESCE(NEW, OLD);",
        )
    )
    op.execute("""
        CREATE TRIGGER study_stays_live BEFORE UPDATE OR DELETE ON study_phases
        FOR EACH ROW EXECUTE FUNCTION study_stays_live()
    """)
    op.execute(ALLOWS)
    for name, (allow, refuse) in RESETTABLE.items():
        op.execute(guard(name, f"{allow} {refuse}"))


def downgrade() -> None:
    for name, (_, refuse) in RESETTABLE.items():
        op.execute(guard(name, refuse))
    op.execute("DROP FUNCTION pilot_reset_allows(text)")
    op.drop_table("study_phases")  # its trigger goes with it
    op.execute("DROP FUNCTION study_stays_live()")
