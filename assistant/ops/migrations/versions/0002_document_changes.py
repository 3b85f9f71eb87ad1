"""The record of changes made to the indexed documents: who, what, when, and the passages it moved.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "document_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("changed_at", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, sa.CheckConstraint("action IN ('added', 'replaced', 'removed')"), nullable=False),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("passages_added", sa.Integer, nullable=False),
        sa.Column("passages_removed", sa.Integer, nullable=False),
        sa.Column("passages_unchanged", sa.Integer, nullable=False),
        sa.Column("corpus_version", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_changes")
