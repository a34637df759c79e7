"""participants' status history: every change of a participant's life-cycle, with who and why

Revision ID: 0009
Revises: 0008

One row per change: registration (from nothing to REGISTERED), the moves their decisions make
(STARTED, COMPLETED_AWAITING_REVIEW) and the staff's (ENDED with the review's note, WITHDRAWN).
A row is never edited (the database refuses UPDATE); it goes only with its study's data.
Participants registered before this migration get one row: their status as it stood.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participant_status_changes",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("study_id", sa.String(100), nullable=False),
        sa.Column("participant_id", sa.String(200), nullable=False),
        sa.Column("from_status", sa.String(40)),
        sa.Column("to_status", sa.String(40), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column(
            "changed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["study_id", "participant_id"],
            ["participants.study_id", "participants.participant_id"],
            name="fk_participant_status_changes_study_id_participants",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participant_status_changes"),
    )
    op.create_index(
        "ix_participant_status_changes_study_id",
        "participant_status_changes",
        ["study_id", "participant_id", "id"],
    )
    # history_append_only() comes from 0007; here only UPDATE is refused.
    op.execute(
        """
        CREATE TRIGGER participant_status_changes_no_update
        BEFORE UPDATE ON participant_status_changes
        FOR EACH ROW EXECUTE FUNCTION history_append_only()
        """
    )
    op.execute(
        """
        INSERT INTO participant_status_changes
            (study_id, participant_id, from_status, to_status, changed_by, note, changed_at)
        SELECT study_id, participant_id, NULL, status, 'migration 0009',
               'the status when the history began', updated_at
        FROM participants
        """
    )


def downgrade() -> None:
    op.drop_table("participant_status_changes")
